const { chromium } = require('playwright-core');
(async () => {
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const p = await b.newPage();
  await p.goto('file://' + process.argv[2]);
  const out = await p.evaluate(() => {
    const th = document.getElementById('c2');
    const r = th.getBoundingClientRect();
    const res = [['th', r.x, r.y, r.width, r.height]];
    const range = document.createRange(); range.selectNodeContents(th);
    for (const rr of range.getClientRects()) {
      const st = document.elementsFromPoint(rr.x + rr.width / 2, rr.y + rr.height / 2).map(e => e.tagName + (e.id ? '#' + e.id : ''));
      res.push([rr.x, rr.y, rr.width, rr.height, st.join(' ')]);
    }
    const tr2 = document.querySelectorAll('thead tr')[1].getBoundingClientRect();
    res.push(['tr2', tr2.x, tr2.y, tr2.width, tr2.height]);
    return res;
  });
  console.log(out);
  await b.close();
})();
