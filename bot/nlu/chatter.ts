/**
 * Small talk outside a clinic's business: jokes, weather, poems and homework, food, films and
 * music, money tips, errands, questions about the bot itself, "测试", "我在开车". Matched on the
 * normalized text. Such a line is intent `other` and is answered with what the bot can do; it
 * does not count as a line the bot failed to understand.
 */
const CHATTER: readonly RegExp[] = [
  /笑话|段子|脑筋急转弯|讲(个|一个)?故事|绕口令|猜谜|谜语/,
  /天气|下雨|下雪|降温|升温|气温|(外面|今天|明天|现在|室外|户外).{0,4}多少度|冷不冷|热不热|台风|雾霾|空气质量|要不要穿|穿羽绒服|穿外套|穿秋裤/,
  /(写|作|编)(一|个|几)?(首|篇|段|个)?.{0,6}(诗|词|作文|文章|小说|歌词|文案|代码|情书|检讨)|诗歌|唐诗|对联|作业/,
  /好吃的|美食|餐厅|饭店|馆子|小吃|(中午|晚上|早上|今天|明天|晚饭|午饭|早饭|夜宵)吃(什么|啥)|吃(什么|啥)好|(点|订|叫)(个|份|杯)?(外卖|奶茶|咖啡|披萨|炸鸡)|外卖/,
  /电影|电视剧|综艺|追剧|动漫|动画片|好看的剧|小说推荐|(听|唱|推荐|好听的)(首|个|几首)?歌|歌曲|音乐|游戏|王者荣耀|吃鸡/,
  /股票|炒股|基金|理财|比特币|虚拟币|币圈|彩票|双色球|涨停|大盘|内幕|割肉|买房|房价|汇率/,
  /球赛|比赛|世界杯|nba|足球|篮球赛|欧冠|奥运/,
  /机票|火车票|高铁票|快递|修(手机|电脑)|(去|到)哪(儿|里)?玩|景点/,
  /星座|运势|算命|塔罗|风水|生肖/,
  /翻译|等于几|等于多少|\d+\s*[+*×÷=]\s*\d+|背(一|首)?(诗|单词)/,
  /(你|您)(是|叫)(男|女)|(你|您)几岁|(你|您)多大了|(你|您)(会|能|可以)(干|做)?(唱|跳|做饭|聊天|什么|啥)|你有什么(用|功能)|chatgpt|gpt|豆包|文心|siri|小爱同学|你是(谁|人工智能|ai)|你有(男|女)朋友|陪我(聊|说|玩)|无聊|聊聊天|聊会(儿)?天/,
  /分手|失恋|表白|相亲|心情不好|不开心|emo/,
  /(家|我)的?(猫|狗|宠物)|猫咪|狗狗/,
  /^(测试|测试一下|测一下|test|testing|试一下|试试)[\s\d.。!?~]*$/,
  /在开车|开着车|(在|坐)(地铁|公交|车|高铁|飞机)上|信号不好|(晚点|等会儿?|一会儿?)(再)?(说|聊|回)|在忙|在开会/,
]

/** A line that speaks of treatment or the clinic is about its business, even with a chatter word (术后能看电影吗). */
const CLINIC_CONTEXT = /术后|手术|做完|打完|拔完|拔牙|种牙|种植|矫正|治疗|眼睛|视力|近视|牙齿|医生|护士|门诊|医院|诊所|皮肤|玻尿酸|注射|预约|积分|券|报告|投诉/

/** CHATTER as one pattern: one scan of the message instead of one per kind of small talk (none has flags). */
const ANY_CHATTER = new RegExp(CHATTER.map((pattern) => `(?:${pattern.source})`).join('|'))

export function isChatter(normalizedText: string): boolean {
  return !CLINIC_CONTEXT.test(normalizedText) && ANY_CHATTER.test(normalizedText)
}
