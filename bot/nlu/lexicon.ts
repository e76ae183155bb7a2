import { INTENTS, type Intent } from '../../core/nlu/intents.ts'

/**
 * A keyword rule: when `pattern` matches the normalized text (simplified, lower case, half-width),
 * `weight` is added to `intent`'s score. Weights are in nats: local-nlu adds them to the n-gram
 * model's log-probabilities, so 5 multiplies the odds of an intent by about 150.
 */
export interface LexiconRule {
  intent: Intent
  pattern: RegExp
  weight: number
}

const rule = (intent: Intent, weight: number, pattern: RegExp): LexiconRule => ({ intent, pattern, weight })

const EYE = '(?:眼(?!镜|科|药)|视力)'
const SEVERE_PAIN = '(?:剧痛|剧烈|(?:疼|痛|胀)得(?:受不了|要命|睁不开|厉害|不行|要死|直哭|打滚|发抖|冒汗|睡不着)|疼痛难忍|痛到|疼到|好痛好痛|很痛很痛|好疼好疼|炸裂|钻心|火烧|火辣辣)'
// A greeting, and the polite words that open a chat without asking anything yet (下午好，打扰一下)
const GREETING_WORDS = '(?:你好|您好|你们好|妳好|hi|hello|hey|嗨|哈喽|哈罗|哈啰|喂|在吗|在么|在嘛|在不在|在线吗|有人吗|有人在吗|有人在线吗|请问在吗|请问有人吗|早|早安|早上好|上午好|中午好|下午好|晚上好|亲|亲爱的|在|(?:医生|大夫|客服|老师|护士|美女|小姐姐|小哥哥|亲爱的客服)(?:你好|您好|在吗|早上好|下午好|晚上好)?|there)'
const POLITE_OPENERS = '(?:打扰(?:您|你)?(?:一下|下|了)?|请问(?:一下|下)?|麻烦(?:问|请教)?(?:一下|下)|(?:我)?想(?:问|咨询|请教|了解)(?:一下|下|个|点)?(?:问题|事|事情)?|(?:我)?(?:问|咨询|请教)(?:一下|下|个)(?:问题|事)?|有(?:个|点|些)(?:问题|事|事情)(?:想问|想咨询|请教)?|有空吗|方便吗|忙吗|有时间吗)'
const AFTER_TREATMENT = '(?:术后|手术后|做完|刚做|打完|打了|注射|刚打|拔完|拔牙后|种完|戴着|激光后|针后|治疗后)'

export const LEXICON: readonly LexiconRule[] = [
  // emergency: sudden loss of sight, severe pain, bleeding that will not stop, chemicals, trauma,
  // breathing, allergy, vascular occlusion after fillers
  rule('emergency', 6, /(突然|一下子|忽然|猛然|刚才).{0,8}(看不见|看不到|看不清|失明|黑了|一片黑|模糊|视力下降|重影|失去视力)/),
  rule('emergency', 6, /看不见了|失明|看不到东西|什么都看不[见到清]|只能看到光|视力(骤降|一下子|急剧|突然)|视力.{0,4}没了|一片黑|黑影|窗帘/),
  rule('emergency', 5, new RegExp(SEVERE_PAIN)),
  rule('emergency', 6, /(流|出|冒|渗)血不止|血(止不住|流不止|一直流|停不下来)|止不住.{0,3}血|一直(在)?(流|出|冒|渗)血|大出血|流了(很多|好多|一大堆)血|血流/),
  rule('emergency', 6, /(化学|消毒|84|洁厕|石灰|酸|碱|清洁|洗衣|漂白|胶水|强力胶|502|热油|开水|油|洗洁精|杀虫|农药|碘伏|酒精|粉).{0,8}(溅|进|入|弄|粘|喷|滴).{0,4}眼(?!镜|科|药)/),
  rule('emergency', 4, /(溅|喷|弄|进).{0,3}眼(?!镜|科|药).{0,8}(里|了)/),
  rule('emergency', 6, /眼(?!镜|科|药)(睛|里|球)?.{0,4}(进|溅|弄|喷|粘|滴)(了|到|入|上)?.{0,4}(化学|消毒|84|洁厕|石灰|酸|碱|清洁剂|洗衣|漂白|胶水|强力胶|502|热油|开水|洗洁精|杀虫|农药|碘伏|酒精)/),
  // the same, said in other word orders: 血一直在冒, 流个不停, 满嘴是血
  rule('emergency', 6, /血.{0,3}(一直|不停|还在|老是|止不住|停不了|停不下)(地|在)?(流|冒|出|渗|往外)|(流|出|冒|渗)(血)?(个|得)不停|满(嘴|脸|口|手)(都)?是血|一(嘴|脸)(的)?血/),
  rule('emergency', 6, /眼前.{0,2}(全|一片|发|都)黑|(全|都)黑了|视力.{0,6}(下降|掉|降).{0,4}(厉害|很多|严重|一大截|得很)|视力(急|骤|猛|狂)(降|掉)/),
  rule('emergency', 7, /喘(气|不过来).{0,2}(费劲|困难|不上|不过)|呼吸(费劲|急促|有点?困难|不畅|不过来)|气都喘不|上不来气|出不来气/),
  rule('emergency', 4, /(咽|吞)(东西|口水|饭)?.{0,2}(困难|不下去|费劲|咽不下)/),
  rule('emergency', 3, /冒冷汗|直冒汗|浑身发抖|一直发抖|在发抖|抽筋|嘴唇.{0,2}(发紫|发白|发青)/),
  rule('emergency', 4, /电焊|焊光|眼(白|球|睛).{0,3}(出血|渗血)/),
  rule('emergency', 7, /呼吸困难|喘不(上|过|了)气|上不来气|透不过气|窒息|憋得慌|呼吸不(了|上来)/),
  rule('emergency', 3, /胸闷|胸口.{0,3}闷|心慌|心跳(特别|很|好|非常)?快|心悸/),
  rule('emergency', 5, /晕倒|晕过去|昏迷|抽搐|休克|意识不清|不省人事|昏过去|快晕/),
  rule('emergency', 4, /肿得(很|特别|非常)?(厉害|睁不开|变形|老高|发亮)|肿成|肿到|肿得像|脸都(肿|歪|变形)|越来越肿|肿.{0,3}(越来越|很)?(严重|大)/),
  rule('emergency', 5, /喉咙.{0,3}(肿|发紧|紧|堵)|嗓子.{0,3}(肿|发紧)|嘴唇.{0,2}肿|舌头.{0,2}肿/),
  rule('emergency', 4, /过敏.{0,12}(肿|喘|呼吸|疹|痒|红)|(起|出)(了)?(疹子|风团)|全身.{0,3}(痒|红|疹)/),
  rule('emergency', 6, /(玻尿酸|注射|打针|针眼|针口|打的地方|填充|溶解酶|肉毒|水光|线雕).{0,14}(发白|发紫|发黑|变黑|变紫|变白|网状|花斑)/),
  rule('emergency', 4, /发白发紫|发紫|发黑|变黑|变紫|网状|栓塞|血管堵|坏死/),
  // blotches of colour on the skin (一块白一块紫, 紫一片): the sign of a blocked vessel after a filler
  rule('emergency', 5, /(一|东|这)(块|片)(白|紫|黑|青).{0,3}(一|西|那)(块|片)(白|紫|黑|青)|(白|紫|黑|青)(一块|一片).{0,2}(白|紫|黑|青)(一块|一片)/),
  rule('emergency', 6, /(牙|门牙|牙齿|大牙).{0,8}(撞掉|磕掉|摔掉|磕断|撞断|摔断|掉出来|撞松|磕松|脱落|掉了一整颗|打掉|崩掉|撞飞|磕飞|打飞|摔飞)|(撞|磕|摔|打)(掉|断|松|飞)了?.{0,4}(牙|门牙)/),
  rule('emergency', 4, /外伤|受伤|撞伤|戳伤|划伤|炸伤|抓伤|割伤|割破|砸伤|烫伤|烧伤/),
  rule('emergency', 5, new RegExp(`${EYE}.{0,6}(被|让).{0,6}(戳|扎|划|炸|抓|撞|打|砸|崩|弹|溅|刮)`)),
  rule('emergency', 4, /(被|让).{0,8}(戳|扎|炸|抓|撞|砸|崩).{0,4}(到|伤|了).{0,6}(眼|眼睛|眼球|脸|牙)/),
  rule('emergency', 3, /高烧|发高烧|(烧|发烧)到?\s*(39|40|41)|39度|40度|寒战|发烧/),
  rule('emergency', 4, /救命|急救|(?<!\d)120(?!\d)|快来人|sos|help|emergency|急急急|十万火急/),
  rule('emergency', 1.5, /急|赶紧|马上/),
  rule('emergency', 3, new RegExp(`${AFTER_TREATMENT}.{0,16}(痛|疼|血|肿|看不|模糊|发烫|脓|烫)`)),
  rule('emergency', 3, /流脓|化脓|脓|水泡|起泡|烫伤|起了?.{0,3}泡/),
  rule('emergency', 4, /吞咽困难|说话(不清|含糊)|口齿不清|眼皮.{0,4}(耷拉|下垂|睁不开)|手(发)?麻|半边(脸|身).{0,3}(麻|动不了)|嘴歪/),
  rule('emergency', 4, /一片模糊|全是模糊|什么都(是)?模糊|(打|注射|扎)(到|进)(了)?血管/),
  rule('emergency', 4, /彩虹圈|虹视|闪光|一闪一闪|黑点.{0,6}(飘|多)|(胀|涨)痛.{0,10}(恶心|呕吐|头痛|想吐)|(恶心|呕吐|想吐).{0,10}(眼|头痛)/),
  rule('emergency', 4, /吞了|误吞|咽下去|卡在喉咙|卡住喉咙/),
  rule('emergency', 3, /睁不开|摘不下来|取不出来|怕光/),
  rule('emergency', 2, /好痛|很痛|好疼|很疼|疼死|痛死|特别疼|特别痛|非常痛|非常疼|疼得|痛得|刺痛|胀痛|跳着疼|难受死/),
  rule('emergency', 2, /😭|😱|🆘|🚑/),
  rule('emergency', 2, /流血|出血|冒血|渗血/),
  rule('emergency', -3, /(有点|有一点|一点点|稍微|轻微|略微).{0,4}(痛|疼|出血|血|肿|干|痒|酸|模糊)/),
  rule('emergency', -2, /正常吗|正常现象|是正常的|多久|能不能|可以吗|需要吗|要不要/),
  // questions about risks and how-tos, not a present problem
  rule('emergency', -4, /风险|概率|可能性|几率|预防|副作用|会导致|会不会|怎么(滴|用|戴|摘|取|洗|点|使用)|如何/),
  rule('emergency', -4, /急诊.{0,6}(几点|时间|开|有人|24)|几点.{0,4}急诊/),

  // complaint
  rule('complaint', 7, /投诉|举报|12315|差评|维权/),
  rule('complaint', 4, /曝光|媒体|律师|起诉|卫健委|消协|法院/),
  rule('complaint', 5, /态度.{0,4}(差|恶劣|不好|冷漠|敷衍|很凶|凶)|(不|没)耐烦|粗暴|甩脸色|阴阳怪气|不尊重|爱答不理|冷冰冰/),
  rule('complaint', 2, /态度/),
  rule('complaint', 5, /骗子|被骗|欺骗|骗人|坑人|坑钱|忽悠|黑心|乱收费|多收|乱扣|乱加|强制消费|不透明|虚假/),
  rule('complaint', 5, /退款|退钱|退费|要求退|赔偿|赔钱|要赔|你们要赔|给个说法|讨个说法|要个说法|必须负责|负全责|refund/),
  rule('complaint', 4, /太差|差劲|垃圾|什么服务|服务.{0,3}差|无语|过分|不负责|敷衍|不满意|很不满|不满(?![\d一二三四五六七八九十]|周岁)|失望|生气|气死|恶劣|没素质|破医院|再也不(来|会来)|受气|白花钱|坑|😡|🤬|😤|💢/),
  rule('complaint', 3, /等了.{0,6}(小时|半天|很久|好久|一上午|一下午)|等(了)?(那么|这么)(久|长时间)|有什么用|管不管|没人管|没人理|没人回|不回复|没有回复|没回复|一直拖|拖着|拖了|推卸|不承认|还没到账|没到账/),
  rule('complaint', 3, /效果.{0,3}(没有|不好|很差|差)|没效果|没什么效果|根本没用|做坏|做失败|不一样大|越做越|变丑|毁容|又掉了|又松了|又坏了|质量.{0,3}差|不对称|凭什么|道歉|迟到|不重视|不当回事|书面(解释|说明|答复)|天花乱坠|说得好听/),
  rule('complaint', 4, /什么水平|什么态度|搞什么/),
  rule('complaint', 2, /泄露|推销|硬塞|不给|不让|怎么回事|为什么(还|一直)/),

  // human_agent
  rule('human_agent', 7, /转人工|人工客服|人工服务|接人工|要人工|找人工|人工(?!晶体|晶状体|泪液|种植|牙|耳蜗|智能)|真人|活人/),
  rule('human_agent', 3, /机器人|自动回复|机器(?!.{0,2}(检查|设备))|\bai\b|智能客服|\bbot\b/),
  rule('human_agent', 4, /客服专员|专属客服|转接|接线|工作人员|(找|换|叫|来)(一?个)?(人|客服)|让.{0,4}人来|跟人(说|聊)|和人(说|聊)|有人能/),
  rule('human_agent', 2, /客服|经理|主管|负责人|护士长|咨询师/),
  rule('human_agent', 3, /客服.{0,2}(在吗|在不在|在么)/),
  rule('human_agent', 4, /(打|回)(个)?电话给我|给我(打|回)(个)?电话|电话联系我|回电|联系我|打给我|call me/),
  rule('human_agent', 3, /(跟|和|找|问|让)(我的)?(主治)?医生.{0,4}(沟通|聊|说|联系|谈)|医生联系我|视频|语音/),
  rule('human_agent', 6, /\b(agent|human|real person|operator|customer service|staff)\b/),

  // coupon_query
  rule('coupon_query', 7, /券|coupon|voucher/),
  rule('coupon_query', 5, /关注有礼|满\d+减\d+|满减|加.{0,6}(送|领|有礼)|新人礼|首单|新客/),
  rule('coupon_query', 3, /优惠|折扣|打折|几折|\d折|便宜|活动|福利|红包|discount|团购|减\d+|特价|促销|送什么|学生价/),

  // points_query
  rule('points_query', 7, /积分|points?\b/),
  rule('points_query', 5, /会员等级|等级|金卡|银卡|vip|普通会员|会员卡|会员权益|权益|特权|升级|降级|升到|升成/),
  rule('points_query', 3, /兑换|换礼品|礼品|会员|积(几|多少)分|抵现/),

  // appointment
  rule('appointment', 6, /预约|挂号|改约|约个|约一下|约下|预定|订个时间|排个?号|排期|book|appointment|reserve/),
  rule('appointment', 4, /(?<!大)约(在|明天|今天|后天|下周|周|星期|礼拜|上午|下午|晚上|时间|医生|了|的|到|号)|约.{0,6}(检查|复查|洗牙|拔牙|面诊|手术)|(想|能|可以|帮我)约|改到|改成|往后推|提前到|换个时间|改时间|改个时间/),
  rule('appointment', 4, /有(没有)?号|号吗|还有号|有没有.{0,8}的号|的号(吗|呢|$)|一起约|约吗|约不约|能约|可以约|空位|位置吗|名额|出诊|坐诊|门诊时间表|排班|面诊|复诊|取消.{0,6}(预约|约|号)/),
  rule('appointment', 2, /复查(?!结果|报告)|看诊|就诊|来看|过来|去一趟|有空|能来|可以来|方便|哪天|几号/),

  // report_query
  rule('report_query', 7, /报告|化验单|检验单|验光单|检查单|体检结果|report/),
  rule('report_query', 5, /(检查|化验|检验|体检|验光|眼底|血检|病理|复查|术前).{0,4}(结果|数据|单子)|结果.{0,4}(出来|怎么样|正常|没出)/),
  rule('report_query', 3, /片子|牙片|全景片|(?<![a-z])o?ct(?![a-z])|x光|眼底照|地形图|病历|指标|数据|结果|出来了(吗|没)|出了吗|出来没|出了没|打印/),

  // clinic_info
  rule('clinic_info', 6, /地址|在哪|在哪里|在哪儿|位置|定位|怎么走|怎么去|怎么过去|怎么到|路线|导航|address|location/),
  rule('clinic_info', 5, /几点.{0,2}(开门|关门|上班|下班|营业|开始|结束|接诊)|(上班|下班|营业|开门|关门|接诊)(时间|吗|嘛|么|不|到几点)|营业|开门|关门|工作时间|门诊时间|放假|open/),
  rule('clinic_info', 2, /休息|上班|下班|开放/),
  rule('clinic_info', 5, /停车|车位|(?<!在|坐)(地铁|公交)|站下|号线|(?<!在|坐)高铁|打车|(?<!在|着)开车|自驾|几楼|哪个门|商场|电梯|轮椅/),
  rule('clinic_info', 4, /电话(多少|号码|是)|联系方式|联系电话|座机|热线|分院|分店|几家|门店|最近的/),
  rule('clinic_info', 4, /24小时|全天|通宵|夜间.{0,4}(开|有人|接诊)/),
  rule('clinic_info', 2, /电话|节假日|春节|国庆|元旦|五一|中秋|周末|周六|周日|星期天|假期|过年/),

  // opt_out
  rule('opt_out', 8, /退订|取消订阅|unsubscribe|(^|[^a-z])td([^a-z]|$)|^t$|(^|\s)stop($|\s)/),
  rule('opt_out', 6, /(别|不要|不用|不想|请勿|勿)(再|老|总|天天|每天)?(给我)?(发|推|群发|推送|打扰|骚扰|联系)|关闭推送|取消推送|关掉|拒收|拒绝接收|屏蔽|免打扰|骚扰|烦死|不想(再)?收到|不需要.{0,6}(信息|消息|推送|活动)/),
  rule('opt_out', 2, /广告|推销|群发|推送|消息提醒|删掉|删除|名单|取消关注|打扰(?!(您|你)?(一下|下|了))/),

  // thanks
  rule('thanks', 6, /谢谢|多谢|感谢|谢啦|谢了|thx|thanks|thank|3q|感恩|辛苦|麻烦(你|您)?了|👍|🙏|点赞|赞|💐|🌹|❤️?|太好了/),
  rule('thanks', 3, /^(好的|好嘞|好滴|收到|明白|了解|ok|okay|嗯嗯好|知道了|行吧|好吧)/),

  // greeting
  // a message made only of greetings, a message opening with one, a greeting anywhere
  rule('greeting', 6, new RegExp(`^(?:${GREETING_WORDS}[\\s,.。!?~…、呀啊哇吖呢哈😊🙂👋🌹]*)(?:(?:${GREETING_WORDS}|${POLITE_OPENERS})[\\s,.。!?~…、呀啊哇吖呢哈😊🙂👋🌹]*)*$`)),
  rule('greeting', 1, /^(你好|您好|你们好|hi\b|hello|hey|嗨|哈喽|哈罗|喂|在吗|在不在|有人吗|早上好|下午好|晚上好|亲)/),
  rule('greeting', 1, /你好|您好|在吗|在不在|有人吗|哈喽|hello|\bhi\b|👋/),

  // other: questions about prices, payment, medical facts that none of the above answer
  // nothing but punctuation, digits or fillers
  rule('other', 4, /^[\p{P}\p{S}\s]+$|^[\d\s]+$|^(嗯|哦|噢|喔|额|呃|啊|哈|呵)+[\s.。!?~]*$/u),
  rule('other', 3, /多少钱|价格|价钱|费用|贵不贵|报价|怎么收费|医保|分期|支付宝|微信支付|刷卡|发票|招聘|代理|加盟|贷款/),
  // may I wash, eat, work… after a treatment: an aftercare question, not a symptom
  rule('other', 3, /(能|可以|能不能|可不可以)(马上|立刻)?(洗脸|洗澡|洗头|化妆|喝酒|喝|吃|运动|健身|游泳|上班|刷牙|坐飞机|出门|晒太阳|蒸桑拿|戴|用|看手机|开车)/),
  rule('other', 2, /正常吗|疼不疼|痛不痛|多久|能不能做|适合|可以做吗|能做吗|区别|哪个好|有没有副作用|会不会|要注意|注意什么|能吃|可以吃|恢复期|是什么/),
]

export type IntentScores = Record<Intent, number>

// Built once and copied: a spread of a plain object literal is far cheaper than Object.fromEntries per message.
const NO_SCORES = Object.fromEntries(INTENTS.map((intent) => [intent, 0])) as IntentScores

/** Zero for every intent, in INTENTS' order. */
export function emptyScores(): IntentScores {
  return { ...NO_SCORES }
}

/** Sum of the weights of the rules that match, per intent. */
export function lexiconScores(normalizedText: string, rules: readonly LexiconRule[] = LEXICON): IntentScores {
  const scores = emptyScores()
  for (const { intent, pattern, weight } of rules) if (pattern.test(normalizedText)) scores[intent] += weight
  return scores
}
