const { chromium } = require('playwright-core');
const fs = require('fs');
(async () => {
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const p = await b.newPage();
  const base = fs.readFileSync(process.argv[2], 'utf8');
  const variants = {
    none: '',
    spanrel: '<style>thead th>span{position:relative}</style>',
    spanrelblock: '<style>thead th>span{position:relative;display:block}</style>',
    theadrel: '<style>thead{position:relative}</style>',
    throw: '<style>thead tr{position:relative}</style>',
    bgimg: '<style>thead th{background-clip:padding-box}</style>',
  };
  for (const [k, css] of Object.entries(variants)) {
    await p.setContent(base.replace('</head>', css + '</head>'));
    await p.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const r = await p.evaluate(() => axe.run(document, { runOnly: { type: 'tag', values: ['wcag2aa'] } }));
    console.log(k, r.incomplete.map(v => v.id + ':' + v.nodes.map(n => n.target).join(',')).join(' '), r.violations.map(v => v.id).join(' '));
  }
  await b.close();
})();
