#!/usr/bin/python3
"""Deterministic generator of seed-like handouts for the benchmark.

    bench/gen.py N [--seed S] [-o FILE]

writes a document in input format version 1 (template kodaira-kpi) with N projects. Like the seed
(input/kodaira-h28-shiryo1.yaml) every project has 2 subprojects whose costs add up to the
project's cost; a project has 2 or 3 KPIs in all (on the subprojects, sometimes one on the project
itself), increase and decrease KPIs mixed (a decrease KPI always has a baseline above its target),
about one actual in eight unknown (null), ratings from the document's scale, grant <= cost and
long-term fiscal years after the reported one. The paragraphs are built from sentence frames and
a vocabulary of municipal-policy words, place names and local products large enough that a
600-project document uses about a thousand distinct kanji, as real handouts do.

The same N and seed always give the same bytes (random.Random, no hash-order dependence).
Only the standard library is used.
"""
import argparse
import json
import random
import sys

# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------

CITIES = """札幌 函館 旭川 釧路 帯広 北見 小樽 室蘭 青森 弘前 八戸 十和田 盛岡 花巻 一関 宮古
仙台 石巻 気仙沼 塩竈 秋田 横手 大館 男鹿 山形 鶴岡 米沢 酒田 福島 郡山 会津若松 喜多方 水戸 日立
土浦 筑波 宇都宮 足利 栃木 日光 前橋 高崎 桐生 沼田 川越 秩父 所沢 熊谷 千葉 船橋 柏 銚子 館山
八王子 立川 武蔵野 三鷹 府中 調布 町田 小金井 国分寺 青梅 横浜 川崎 鎌倉 藤沢 小田原 厚木 新潟
長岡 上越 佐渡 富山 高岡 魚津 金沢 輪島 七尾 加賀 福井 敦賀 小浜 甲府 富士吉田 韮崎 長野 松本
諏訪 飯田 伊那 岐阜 高山 大垣 関 静岡 浜松 沼津 熱海 富士宮 名古屋 豊橋 岡崎 豊田 瀬戸 犬山 津
伊勢 四日市 鈴鹿 尾鷲 大津 彦根 長浜 甲賀 京都 舞鶴 宇治 亀岡 大阪 堺 豊中 吹田 枚方 岸和田 神戸
姫路 尼崎 西宮 豊岡 洲本 奈良 橿原 天理 吉野 和歌山 田辺 新宮 鳥取 米子 倉吉 松江 出雲 浜田 隠岐
岡山 倉敷 津山 備前 広島 呉 尾道 福山 三次 山口 下関 萩 岩国 徳島 鳴門 阿南 高松 丸亀 坂出 松山
今治 宇和島 新居浜 高知 四万十 室戸 福岡 北九州 久留米 飯塚 柳川 佐賀 唐津 伊万里 長崎 佐世保 島原
五島 対馬 熊本 八代 天草 阿蘇 大分 別府 日田 臼杵 宮崎 延岡 都城 日南 鹿児島 霧島 薩摩川内 奄美
那覇 名護 石垣 宮古島""".split()

# parts of the fictional district names (a name = prefix + core + suffix)
D_PREFIX = "東 西 南 北 上 下 中 新 本 元 大 小 若 緑 旭 青 白 黒 赤 金 銀 栄 幸 寿 宝 豊 富 松 竹 梅 桜 藤 菊 桃 柳 杉 檜 楓 椿 萩 芦 葦 蓮 鶴 亀 鷹 鳩 鷺 燕 雀 鹿 熊 駒 龍 星 月 朝 夕 春 秋 泉 清 美 光 明 和 平 安 永 久 長 高 広 深 浅 古 今".split()
D_CORE = "山 川 田 野 原 沢 谷 浦 崎 島 浜 岡 丘 台 坂 森 林 池 沼 湖 津 瀬 淵 渕 堀 橋 門 木 里 宮 寺 城 堤 江 岬 洲 畑 村 尾 峰 峠 窪 岩 石 滝 湊".split()
D_SUFFIX = ["町", "地区", "台地区", "ヶ丘地区", "団地", "新町", "本町", "一丁目", "二丁目", "三丁目",
            "四丁目", "五丁目", "六丁目", "七丁目", "八丁目", "九丁目", "十丁目"]

PRODUCTS = """梨 柿 桃 葡萄 苺 蜜柑 林檎 栗 茶 蕎麦 饂飩 素麺 鰻 牡蠣 鮭 蟹 鯛 鰹 鮪 鯖 鰤 鱒 鮎 海苔 昆布
若布 椎茸 筍 蓮根 大根 胡瓜 茄子 南瓜 牛蒡 生姜 山葵 柚子 梅干し 酒 焼酎 醤油 味噌 酢 豆腐 納豆 蒟蒻
漆器 陶磁器 織物 和紙 竹細工 藍染 刃物 鋳物 畳表 箪笥 硝子細工 扇子 団扇 提灯 人形 将棋駒 木工品
蜂蜜 牛乳 乳製品 鶏卵 和牛 黒豚 地鶏 煎餅 饅頭 羊羹 団子 最中 大福 米粉 麦 大豆 小豆 落花生 薩摩芋
里芋 馬鈴薯 玉葱 人参 白菜 菠薐草 枝豆 玉蜀黍 西瓜 甜瓜 無花果 枇杷 杏 李 檸檬 胡麻""".split()

SIGHTS = """城跡 寺社 古墳 遺跡 渓谷 滝 湖畔 海水浴場 景勝地 紅葉の名所 桜並木 展望台 遊歩道 宿場町
旧街道 温泉街 武家屋敷 蔵造りの町並み 灯台 砂丘 鍾乳洞 棚田 花畑 庭園 神社 仏閣 石垣 古民家
酒蔵 醸造所 窯元 工房 牧場 果樹園 茶畑 干潟 湿原 高原 岬 火山 峡谷 清流 湧水 巨木 天然記念物""".split()

PARTNERS = """商工会 商工会議所 観光協会 農業協同組合 漁業協同組合 森林組合 社会福祉協議会 自治会連合会
民生委員児童委員協議会 医師会 歯科医師会 薬剤師会 金融機関 信用金庫 地方銀行 大学 短期大学 高等専門学校
専門学校 県立高等学校 市内の特定非営利活動法人 市内の一般社団法人 市の外郭団体の公益財団法人 民間事業者 地元企業 建設業協会
宅地建物取引業協会 交通事業者 鉄道事業者 路線バス事業者 警察署 消防本部 保健所 県 近隣市町村 国の出先機関
地域運営組織 商店街振興組合 青年会議所 女性団体連絡会 老人クラブ連合会 子ども会育成会 体育協会
文化協会 国際交流協会 移住支援団体 地域おこし協力隊 観光地域づくり法人""".split()

# Each domain: (project-name stems, activities, targets, facilities, KPIs)
# KPI entry: (name, unit, direction, low, high)   low..high: a typical target range
DOMAINS = [
    dict(key="子育て",
         names=["子育て世代包括支援", "妊娠・出産・子育て切れ目ない支援", "保育の受け皿整備", "放課後児童健全育成",
                "子育て応援拠点運営", "病児・病後児保育拡充", "産後ケア推進", "結婚・出産希望実現"],
         acts=["妊娠期からの伴走型相談支援", "産後ケア事業(宿泊型・通所型)", "乳幼児健診後の個別相談", "一時預かりの拡充",
               "病児保育室の開設", "子育て支援アプリによる情報配信", "父親向け育児講座", "多胎児家庭への家事援助",
               "発達に不安のある児童への療育相談", "保育士の就職準備金貸付", "放課後児童クラブの定員拡大", "里親制度の普及啓発"],
         who=["妊産婦", "乳幼児を育てる保護者", "共働き世帯", "ひとり親家庭", "多胎児家庭", "子育て中の女性", "祖父母世代",
              "保育士を目指す学生", "転入したばかりの子育て世帯"],
         fac=["子育て世代包括支援センター", "児童館", "地域子育て支援拠点", "認定こども園", "保健センター", "病児保育室"],
         kpis=[("妊娠届出時の面談実施率", "%", "increase", 80, 100), ("産後ケア事業の利用者数", "人", "increase", 40, 300),
               ("待機児童数(4月1日時点)", "人", "decrease", 0, 30), ("放課後児童クラブの待機児童数", "人", "decrease", 0, 40),
               ("子育て支援アプリ登録者数", "人", "increase", 800, 9000), ("一時預かり利用延べ人数", "人", "increase", 500, 6000),
               ("年少人口の転入超過数", "人", "increase", 20, 200), ("保育士の新規就職者数", "人", "increase", 5, 60)]),
    dict(key="教育",
         names=["学力向上推進", "ふるさと学習推進", "地域とともにある学校づくり", "英語教育推進", "学校図書館活性化",
                "不登校児童生徒支援", "生涯学習推進", "奨学金返還支援"],
         acts=["小中学校への外国語指導助手の配置", "地域人材を講師とした郷土学習", "学校図書館司書の配置", "一人一台端末を活用した遠隔授業",
               "教員の指導力向上研修", "放課後の学習支援教室", "不登校児童生徒の居場所づくり", "公民館講座の拡充", "郷土史講座の開催",
               "奨学金の返還支援", "地元企業による出前授業", "部活動の地域移行に向けた実証"],
         who=["小学生", "中学生", "高校生", "教員", "保護者", "地域の高齢者", "大学生", "社会人学習者", "市外に進学した若者"],
         fac=["学校図書館", "公民館", "郷土資料館", "生涯学習センター", "教育支援センター", "市立図書館"],
         kpis=[("全国学力調査で全国平均を上回った教科数", "教科", "increase", 2, 4), ("学校図書館の児童一人当たり貸出冊数", "冊", "increase", 20, 80),
               ("不登校児童生徒数", "人", "decrease", 10, 120), ("公民館講座の延べ受講者数", "人", "increase", 800, 9000),
               ("奨学金返還支援による市内就職者数", "人", "increase", 5, 50), ("英語検定3級以上の中学3年生の割合", "%", "increase", 30, 70)]),
    dict(key="観光",
         names=["観光誘客促進", "広域周遊観光推進", "インバウンド受入環境整備", "歴史文化資源活用", "体験型観光推進",
                "観光地域づくり法人支援", "夜間観光創出", "自転車観光推進"],
         acts=["多言語観光案内板の設置", "周遊ルートの造成と旅行商品化", "観光案内所の機能強化", "古民家を活用した宿泊施設の整備",
               "体験型旅行商品の開発", "交流サイトを活用した情報発信", "観光動画の制作と配信", "貸出自転車の配備", "夜間の誘客イベントの開催",
               "旅行会社向け視察旅行の実施", "観光ガイドの育成講座", "無料公衆無線通信環境の整備"],
         who=["訪日外国人旅行者", "修学旅行生", "首都圏の若年層", "家族連れ", "高齢の旅行者", "自転車愛好者", "教育旅行の引率者"],
         fac=["観光案内所", "道の駅", "観光物産館", "宿泊施設", "交流センター", "駅前広場"],
         kpis=[("観光入込客数", "人", "increase", 100000, 2000000), ("外国人宿泊者数", "人泊", "increase", 1000, 50000),
               ("観光消費額", "千円", "increase", 50000, 900000), ("体験型旅行商品の販売件数", "件", "increase", 20, 600),
               ("観光案内所の利用者数", "人", "increase", 3000, 60000), ("宿泊者の平均滞在日数", "日", "increase", 1, 3)]),
    dict(key="農林水産",
         names=["担い手確保育成", "六次産業化推進", "鳥獣被害防止対策", "森林資源循環利用", "水産業振興", "地産地消推進",
                "スマート農業導入支援", "特産品ブランド化"],
         acts=["新規就農者への研修と営農支援", "農産物直売所の機能強化", "加工品の開発と販路開拓", "防護柵の設置と捕獲の強化",
               "狩猟免許取得費用の助成", "間伐材の搬出支援", "木質バイオマスの利用促進", "稚魚の放流と漁場環境の保全",
               "学校給食への地場産物の供給拡大", "無人航空機による農薬散布の実証", "耕作放棄地の再生", "集落営農組織の法人化支援"],
         who=["新規就農者", "農業法人", "集落営農組織", "漁業者", "林業事業体", "若手生産者", "女性農業者", "農業高校の生徒"],
         fac=["農産物直売所", "農産加工施設", "漁港", "育苗施設", "食肉処理施設", "市場"],
         kpis=[("新規就農者数", "人", "increase", 3, 40), ("農産物直売所の売上額", "千円", "increase", 20000, 400000),
               ("野生鳥獣による農作物被害額", "千円", "decrease", 1000, 40000), ("耕作放棄地面積", "ha", "decrease", 20, 400),
               ("学校給食における地場産物の使用割合", "%", "increase", 25, 60), ("間伐実施面積", "ha", "increase", 30, 600),
               ("六次産業化による新商品数", "品目", "increase", 3, 30)]),
    dict(key="商工",
         names=["創業支援", "事業承継支援", "中小企業販路開拓支援", "企業誘致推進", "商店街活性化", "産学官連携推進",
                "地域経済循環促進", "雇用創出"],
         acts=["創業相談窓口の開設", "創業塾(年2回)の開催", "事業承継の個別相談", "展示会・商談会への出展支援", "工業団地への企業誘致",
               "空き店舗への出店支援", "大学との共同研究への助成", "地域通貨の発行", "合同企業説明会の開催", "設備投資への利子補給",
               "商店街の共同販売促進事業", "電子商取引への参入支援"],
         who=["創業希望者", "中小企業", "小規模事業者", "後継者不在の事業者", "商店街の個店", "製造業者", "求職者", "若手経営者"],
         fac=["創業支援施設", "共同作業場", "産業支援センター", "商店街", "工業団地", "テレワーク拠点"],
         kpis=[("創業支援事業による創業件数", "件", "increase", 5, 80), ("事業承継の成約件数", "件", "increase", 2, 30),
               ("商談会での成約件数", "件", "increase", 10, 200), ("新規立地企業数", "社", "increase", 1, 12),
               ("中心市街地の空き店舗数", "店舗", "decrease", 5, 60), ("新規雇用者数", "人", "increase", 10, 400),
               ("地域通貨の流通額", "千円", "increase", 10000, 500000)]),
    dict(key="移住定住",
         names=["移住定住促進", "空き家利活用推進", "関係人口創出", "若者定着促進", "お試し移住推進", "地域おこし協力隊活用",
                "シティプロモーション推進", "二地域居住推進"],
         acts=["首都圏での移住相談会の開催", "空き家バンクの運営", "空き家の改修費補助", "お試し住宅の整備と運営", "移住支援金の交付",
               "地域おこし協力隊の募集と定住支援", "ふるさと納税を活用した関係人口の拡大", "移住体験ツアーの実施", "移住者交流会の開催",
               "若者向け家賃補助", "市の魅力を伝える広報紙の発行", "遠隔勤務者向けの滞在支援"],
         who=["首都圏在住の子育て世帯", "若年層", "退職を控えた世代", "地域おこし協力隊員", "市出身の学生", "遠隔勤務者", "移住希望者"],
         fac=["お試し住宅", "移住相談窓口", "空き家", "シェアオフィス", "交流拠点", "市営住宅"],
         kpis=[("移住相談件数", "件", "increase", 50, 900), ("移住者数", "人", "increase", 10, 300),
               ("空き家バンク成約件数", "件", "increase", 5, 80), ("社会減の人数", "人", "decrease", 50, 600),
               ("地域おこし協力隊の任期後の定住率", "%", "increase", 50, 90), ("ふるさと納税の寄附件数", "件", "increase", 1000, 40000)]),
    dict(key="福祉医療",
         names=["健康寿命延伸", "介護予防推進", "地域包括ケア推進", "認知症施策推進", "医療人材確保", "障害者就労支援",
                "生活習慣病重症化予防", "見守り体制強化"],
         acts=["介護予防教室の開催", "通いの場の立ち上げ支援", "認知症サポーターの養成", "特定健診の受診勧奨", "糖尿病性腎症の重症化予防",
               "在宅医療と介護の連携会議", "看護師の就業支援", "高齢者の見守り協定の締結", "配食サービスによる安否確認",
               "障害者の就労体験の場の確保", "手話通訳者の養成", "健康ポイント事業の実施"],
         who=["高齢者", "要支援者", "認知症の人とその家族", "特定健診の未受診者", "障害のある人", "看護職員", "介護職員", "働き盛り世代"],
         fac=["地域包括支援センター", "通いの場", "診療所", "訪問看護事業所", "就労継続支援事業所", "保健センター"],
         kpis=[("特定健診受診率", "%", "increase", 35, 70), ("介護予防教室の延べ参加者数", "人", "increase", 1000, 20000),
               ("要介護認定率", "%", "decrease", 14, 22), ("認知症サポーター養成数", "人", "increase", 300, 5000),
               ("通いの場の箇所数", "か所", "increase", 10, 120), ("新規人工透析導入患者数", "人", "decrease", 5, 40),
               ("障害者の一般就労移行者数", "人", "increase", 3, 40)]),
    dict(key="防災",
         names=["地域防災力向上", "災害に強いまちづくり", "消防団活性化", "避難行動要支援者支援", "住宅耐震化促進",
                "防災情報伝達強化"],
         acts=["自主防災組織の結成支援", "避難所への備蓄品の配備", "総合防災訓練の実施", "木造住宅の耐震診断と改修補助",
               "土砂災害警戒区域の周知", "消防団員の確保と装備の充実", "防災行政無線の更新", "避難行動要支援者名簿の作成",
               "防災アプリによる情報配信", "防災士の資格取得支援", "感震ブレーカーの設置補助", "ハザードマップの全戸配布"],
         who=["自治会", "自主防災組織", "消防団員", "避難行動要支援者", "高齢者世帯", "小中学生", "事業所"],
         fac=["避難所", "防災備蓄倉庫", "消防団詰所", "防災センター", "指定緊急避難場所", "防災公園"],
         kpis=[("自主防災組織の組織率", "%", "increase", 60, 100), ("防災訓練の参加者数", "人", "increase", 500, 12000),
               ("木造住宅の耐震改修件数", "件", "increase", 5, 80), ("消防団員の欠員数", "人", "decrease", 5, 80),
               ("防災アプリ登録者数", "人", "increase", 1000, 30000), ("個別避難計画の作成率", "%", "increase", 20, 80)]),
    dict(key="環境",
         names=["脱炭素社会推進", "再生可能エネルギー導入促進", "資源循環推進", "里山保全活用", "水辺環境保全",
                "食品ロス削減", "環境学習推進"],
         acts=["住宅用太陽光発電設備の設置補助", "公共施設への蓄電池の導入", "電気自動車の充電設備の整備", "生ごみ堆肥化の推進",
               "食品ロス削減協力店の登録", "河川清掃活動の支援", "里山の下草刈りと竹林整備", "希少な動植物の生息調査",
               "蛍の生息環境の保全", "小学生向け環境学習の実施", "省エネルギー診断の実施", "木質ペレットストーブの導入補助"],
         who=["家庭", "事業者", "小学生", "環境保全団体", "自治会", "農業者", "公共施設の管理者"],
         fac=["清掃工場", "資源回収拠点", "公共施設", "自然観察施設", "ビオトープ", "里山"],
         kpis=[("市域の温室効果ガス排出量", "千t", "decrease", 200, 1500), ("住宅用太陽光発電設備の設置件数", "件", "increase", 30, 600),
               ("一人一日当たりのごみ排出量", "g", "decrease", 700, 1000), ("リサイクル率", "%", "increase", 18, 40),
               ("環境学習の参加者数", "人", "increase", 200, 5000), ("食品ロス削減協力店数", "店舗", "increase", 10, 150)]),
    dict(key="交通",
         names=["地域公共交通確保", "デマンド交通導入", "駅周辺整備", "歩いて暮らせるまちづくり", "交通安全推進"],
         acts=["乗合タクシーの運行", "循環バスの路線再編", "駅前広場の再整備", "駐輪場の整備", "歩道の段差解消",
               "高齢者の運転免許自主返納支援", "通学路の安全対策", "交通系電子マネーの導入", "時刻表と乗換案内の電子化",
               "自動運転バスの実証運行"],
         who=["高齢者", "通学する高校生", "運転免許を返納した人", "通院する住民", "観光客", "障害のある人"],
         fac=["駅", "バス停", "駅前広場", "駐輪場", "交通結節点", "待合所"],
         kpis=[("コミュニティバスの年間利用者数", "人", "increase", 20000, 400000), ("乗合タクシーの利用者数", "人", "increase", 2000, 40000),
               ("交通事故発生件数", "件", "decrease", 50, 600), ("運転免許自主返納者数", "人", "increase", 50, 600),
               ("公共交通の空白地域に住む人口", "人", "decrease", 500, 6000)]),
    dict(key="デジタル",
         names=["行政手続オンライン化", "地域情報化推進", "デジタル人材育成", "スマートシティ推進", "窓口改革"],
         acts=["電子申請できる手続の拡大", "書かない窓口の導入", "コンビニ交付の利用促進", "スマートフォン教室の開催",
               "キャッシュレス決済の導入", "公共施設予約システムの更新", "オープンデータの公開", "企業のデジタル化相談",
               "遠隔診療の実証", "地域情報アプリの運営"],
         who=["市民", "高齢者", "事業者", "市職員", "子育て世帯", "来庁者"],
         fac=["市役所本庁舎", "支所", "出張所", "公共施設", "図書館", "市民センター"],
         kpis=[("電子申請の利用件数", "件", "increase", 2000, 80000), ("オンライン化した手続の数", "手続", "increase", 20, 300),
               ("窓口の平均待ち時間", "分", "decrease", 10, 40), ("スマートフォン教室の参加者数", "人", "increase", 100, 3000),
               ("証明書のコンビニ交付率", "%", "increase", 10, 50)]),
    dict(key="文化スポーツ",
         names=["文化芸術振興", "伝統文化継承", "スポーツによるまちづくり", "文化財保存活用", "国際交流推進"],
         acts=["伝統芸能の後継者育成", "文化財の保存修理", "郷土の祭礼の記録映像の制作", "合宿誘致", "市民マラソン大会の開催",
               "総合型地域スポーツクラブの支援", "美術館の企画展の開催", "姉妹都市との青少年交流", "獅子舞・神楽の公演",
               "歴史的建造物の公開活用"],
         who=["青少年", "伝統芸能の保存会", "スポーツ団体", "市民", "留学生", "合宿を行う大学運動部"],
         fac=["美術館", "博物館", "市民会館", "総合体育館", "陸上競技場", "文化財収蔵庫"],
         kpis=[("文化施設の入館者数", "人", "increase", 10000, 200000), ("スポーツ合宿の延べ宿泊者数", "人泊", "increase", 500, 20000),
               ("週1回以上運動する成人の割合", "%", "increase", 40, 70), ("伝統芸能の後継者数", "人", "increase", 5, 60),
               ("国際交流事業の参加者数", "人", "increase", 50, 2000)]),
]

GRANT_PROGRAMS = ["地方創生推進交付金", "地方創生拠点整備交付金", "デジタル田園都市国家構想交付金", "地方創生臨時交付金"]

RATINGS = [
    ("地方創生に非常に効果的であった", "指標が目標値を上回った"),
    ("地方創生に相当程度効果があった", "目標未達だが相当程度、7〜8割、達成"),
    ("地方創生に効果があった", "目標未達だが事業開始前より改善"),
    ("地方創生に対して効果がなかった", "事業開始前より悪化"),
]

SUFFIX_NAME = ["事業", "推進事業", "支援事業", "促進事業", "強化事業", "整備事業", "プロジェクト"]
SUB_FORMS = ["{act}", "{fac}を活用した{act}", "{who}を対象とした{act}", "{act}({place})", "{place}における{act}"]

# Sentence frames.  Slots: {place} a district, {city} another city, {partner}, {act}, {who}, {fac},
# {prod} a local product, {sight}, {n} {m} small numbers, {k} a count.
OVERVIEW = [
    "{partner}と連携し、{who}を対象とした{act}を実施する。",
    "{place}の{fac}を拠点として、{act}を年{n}回程度実施する。",
    "{city}市など先進地の事例を参考に、{act}の仕組みを構築する。",
    "人口ビジョン調査から、{who}の転出が多いことが見えてきたため、{act}に取り組む。",
    "{prod}や{prod2}などの地域資源を活用し、{act}と一体的に進めることで、地域経済の活性化を図る。",
    "{who}が安心して暮らし続けられるよう、官民の情報を一元的に提供するとともに、{act}を行う。",
    "{partner}や{partner2}で構成する協議会を設置し、事業の進捗を四半期ごとに点検する。",
    "{sight}をはじめとする地域の魅力を発信し、{who}の関心を高める。",
    "関連事業として、{partner}が主体となって実施している{act}の件数拡大を図る。",
    "{place}に{fac}を整備し、{who}が気軽に相談できる体制をつくる。",
    "事業の実施に当たっては、{who}の意見を聴く場を設け、内容を随時見直す。",
    "国の交付金を活用して初期費用を賄い、{n}年後には受益者負担による自立的な運営を目指す。",
    "{act}に必要な人材を確保するため、{partner}と協定を締結し、研修を共同で実施する。",
]
RESULTS = [
    "{act}を{k}回実施し、延べ{m}人が参加した。",
    "{partner}との間で「{prod}を活用した地域活性化に関する連携協定」を締結した。",
    "{place}の{fac}を開設し、{act}の仕組みが始動した。",
    "目に見える形で新たな拠点を整備したことで、新聞やテレビ、地元ケーブルテレビ等でも取り上げられた。",
    "KPIについては概ね達成され、翌年度以降に向けた展望が開けた形となっている。",
    "KPIについては目標に届かなかった。この点は特に、翌年度以降更なる取組が必要といえる。",
    "KPIには反映されない実績として、{who}の中から{act}の担い手となる人が現れた事例もあった。",
    "参加者アンケートでは、回答者の{pct}割が「満足」又は「やや満足」と回答した。",
    "{sight}を巡る行程が好評で、{city}市からの参加者も多く見られた。",
    "当初の予定どおりに、「{act}」、「{act2}」を開催した。",
    "新型感染症の影響により、{act}の一部を動画配信に切り替えて実施した。",
    "資材価格の高騰により、{fac}の整備は一部を翌年度に繰り越した。",
]
PLANS = [
    "引き続き{partner}と連携し、{act}を実施するとともに、{act2}の拡大も図っていく。",
    "将来の自立的な運営を目指し、事業を担う団体として「{org}」の設立を支援する。",
    "{who}の声を反映し、{act}の内容を充実させる。",
    "{fac}の運営について、{partner}が担うこととし、市は補助を含めた支援をする。",
    "KPIの達成に向け、{place}をはじめとする重点地区で{act}を集中的に実施する。",
    "{city}市など近隣自治体と広域で連携し、{act}の効果を高める。",
    "事業の効果を検証するため、{who}を対象とした調査を実施し、結果を市のホームページで公表する。",
    "そのために必要となる{act}等についても、引き続き実施していく。",
    "リーフレットの配架や会場の選定等で、可能な限り、{fac}との連携を図っていく。",
]
COMMENTS = [
    "KPIの達成状況は評価できる。{who}の満足度についても把握し、次年度の事業に反映されたい。",
    "目標に届かなかった原因を分析し、{act}の進め方を見直すこと。",
    "{partner}との連携は評価できるが、事業終了後の自立的な運営の見通しを示されたい。",
    "近隣市との比較や、{who}の動向の分析も併せて示されたい。",
]
ORG_FORMS = ["一般社団法人{place}みらい", "{place}まちづくり協議会", "特定非営利活動法人{place}ネット", "{place}地域振興公社"]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def pick(self, seq):
        return seq[self.r.randrange(len(seq))]

    def place(self):
        return self.pick(D_PREFIX) + self.pick(D_CORE) + self.pick(D_SUFFIX)

    def fill(self, frame, dom):
        r = self.r
        acts = dom["acts"]
        a1 = self.pick(acts)
        a2 = self.pick([a for a in acts if a != a1])
        p1 = self.pick(PARTNERS)
        p2 = self.pick([p for p in PARTNERS if p != p1])
        pr1 = self.pick(PRODUCTS)
        pr2 = self.pick([p for p in PRODUCTS if p != pr1])
        slots = dict(place=self.place(), city=self.pick(CITIES), partner=p1, partner2=p2, act=a1,
                     act2=a2, who=self.pick(dom["who"]), fac=self.pick(dom["fac"]), prod=pr1,
                     prod2=pr2, sight=self.pick(SIGHTS), n=r.randint(2, 5),
                     k=r.randint(3, 48), m=f"{r.randint(40, 9000):,}", pct=r.randint(6, 9))
        slots["org"] = self.pick(ORG_FORMS).format(place=slots["place"].rstrip("地区町丁目一二三四五六七八九十"))
        return frame.format(**slots)

    def bullets(self, frames, dom, lo, hi):
        picked = self.r.sample(frames, self.r.randint(lo, hi))
        return [self.fill(f, dom) for f in picked]

    def kpi(self, dom, fy, used):
        r = self.r
        cands = [k for k in dom["kpis"] if k[0] not in used] or dom["kpis"]
        name, unit, direction, lo, hi = self.pick(cands)
        used.add(name)
        k = {"name": name, "unit": unit}
        if unit == "%":
            target = r.randint(lo, hi)
        else:
            target = r.randint(lo, hi)
        if direction == "decrease":
            k["direction"] = "decrease"
            target = r.randint(lo // 2, lo) if r.random() < 0.8 else 0
            if unit == "%" and target == 0:
                target = lo
            baseline = target + max(1, int((hi - lo) * r.uniform(0.2, 0.9)))
            if unit == "%":
                baseline = min(baseline, 99)
                if baseline <= target:
                    baseline = target + 1
            k["baseline"] = baseline
            k["target"] = target
            if r.random() < 0.12:
                k["actual"] = None
            else:
                # somewhere between a bit better than target and a bit worse than baseline
                k["actual"] = max(0, int(target + (baseline - target) * r.uniform(-0.3, 1.05)))
            k["due"] = f"{fy + 1}-03"
        else:
            if r.random() < 0.35:
                k["baseline"] = max(0, int(target * r.uniform(0.3, 0.9)))
                if k["baseline"] >= target:
                    k["baseline"] = target - 1
            if r.random() < 0.05:
                k.pop("baseline", None)
                k["target_text"] = self.pick(["前年度を上回る", "前年度以上", "全域で実施", "増加させる"])
            else:
                k["target"] = target
            if r.random() < 0.12:
                k["actual"] = None
            else:
                ratio = r.uniform(0.3, 1.8)
                if unit == "%":
                    k["actual"] = min(100, int(target * min(ratio, 1.3)))
                else:
                    k["actual"] = int(target * ratio)
            if "target" in k and unit != "%" and r.random() < 0.5:
                k["long_term"] = {"target": int(target * r.uniform(1.5, 15)),
                                  "fiscal_year": fy + r.randint(1, 3)}
        if r.random() < 0.15:
            k["note"] = self.pick(["基準値は令和元年度実績", "住民基本台帳による", "市調べ", "各年度末時点",
                                   "県の統計調査による", "事業開始前の実績を基準値とした"])
        return k

    def rating_for(self, kpis):
        best = None
        for k in kpis:
            t, a = k.get("target"), k.get("actual")
            if t is None or a is None:
                continue
            if k.get("direction") == "decrease":
                b = k["baseline"]
                ratio = (b - a) / (b - t)
            else:
                ratio = a / t
            best = ratio if best is None else min(best, ratio)
        if best is None:
            return self.pick(RATINGS[:3])[0]
        if best >= 1:
            return RATINGS[0][0]
        if best >= 0.7:
            return RATINGS[1][0]
        if best > 0:
            return RATINGS[2][0]
        return RATINGS[3][0]

    def project(self, i, fy):
        r = self.r
        dom = self.pick(DOMAINS)
        stem = self.pick(dom["names"])
        name = (self.pick(CITIES) + "型" if r.random() < 0.2 else "") + stem + self.pick(SUFFIX_NAME)
        costs = [r.randint(500, 45000) * 1000 + r.choice([0, 0, 320, 500]) for _ in range(2)]
        cost = sum(costs)
        p = {"name": name, "grant_program": self.pick(GRANT_PROGRAMS), "cost": cost}
        g = r.random()
        if g < 0.45:
            p["grant"] = cost // 2
        elif g < 0.8:
            p["grant"] = cost
        elif g < 0.95:
            p["grant"] = int(cost * r.uniform(0.2, 0.9))
        # else: no grant ("-")
        p["overview"] = self.bullets(OVERVIEW, dom, 2, 3)
        nk = r.randint(2, 3)
        used = set()
        top = []
        if nk == 3 and r.random() < 0.3:
            top = [self.kpi(dom, fy, used)]
            nk = 2
        p["kpis"] = top
        subs = []
        split = [1, nk - 1] if r.random() < 0.5 else [nk - 1, 1]
        all_k = list(top)
        for j in range(2):
            acts = self.pick(SUB_FORMS).format(act=self.pick(dom["acts"]), fac=self.pick(dom["fac"]),
                                               who=self.pick(dom["who"]), place=self.place())
            ks = [self.kpi(dom, fy, used) for _ in range(split[j])]
            all_k += ks
            s = {"name": acts + ("事業" if not acts.endswith(")") else ""), "cost": costs[j],
                 "overview": self.bullets(OVERVIEW, dom, 1, 3), "kpis": ks,
                 "rating": self.rating_for(ks)}
            if r.random() < 0.7:
                s["results"] = self.bullets(RESULTS, dom, 1, 3)
            s["plans"] = self.bullets(PLANS, dom, 1, 3)
            subs.append(s)
        p["rating"] = self.rating_for(all_k)
        p["results"] = self.bullets(RESULTS, dom, 1, 3)
        p["plans"] = self.bullets(PLANS, dom, 1, 2)
        if r.random() < 0.2:
            p["committee"] = {"comment": self.fill(self.pick(COMMENTS), dom)}
        p["subprojects"] = subs
        return p


def q(v):
    """A YAML scalar: JSON strings are valid YAML double-quoted scalars."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    return json.dumps(v, ensure_ascii=False)


def emit(out, v, indent):
    pad = " " * indent
    if isinstance(v, dict):
        for key, val in v.items():
            if isinstance(val, dict) and val:
                out.append(f"{pad}{key}:")
                emit(out, val, indent + 2)
            elif isinstance(val, list) and val:
                out.append(f"{pad}{key}:")
                emit(out, val, indent + 2)
            elif isinstance(val, list):
                out.append(f"{pad}{key}: []")
            else:
                out.append(f"{pad}{key}: {q(val)}")
    elif isinstance(v, list):
        for item in v:
            if isinstance(item, dict):
                sub = []
                emit(sub, item, indent + 2)
                first = sub[0][indent + 2:]
                out.append(f"{pad}- {first}")
                out.extend(sub[1:])
            else:
                out.append(f"{pad}- {q(item)}")


def document(n, seed):
    g = Gen(f"kpireport-bench-{n}-{seed}")
    fy = 2022
    city = g.pick(CITIES)
    doc = {
        "version": 1,
        "template": "kodaira-kpi",
        "meeting": {"committee": f"{city}市まち・ひと・しごと創生総合戦略推進委員会", "session": 2,
                    "material": "資料1", "date": "2023-08-21"},
        "title": f"地方創生関係交付金を活用した令和4年度実施事業の効果検証について({n}事業)",
        "fiscal_year": fy,
        "ratings": [{"label": l, "criterion": c} for l, c in RATINGS],
        "projects": [g.project(i, fy) for i in range(n)],
        "notes": ["KPIの達成に有効であったかという観点を中心に、評価できる点や改善策等について、ご意見をいただく想定",
                  "本資料は性能測定用に自動生成した架空の資料であり、実在の自治体・事業とは関係がない。"],
    }
    out = [f"# Generated by bench/gen.py {n} --seed {seed}: a FICTIONAL handout for the benchmark.",
           "# Not real data; regenerate rather than edit."]
    emit(out, doc, 0)
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of projects")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", help="output file (default: stdout)")
    a = ap.parse_args()
    if a.n < 1:
        ap.error("n must be >= 1")
    text = document(a.n, a.seed)
    if a.output:
        with open(a.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
