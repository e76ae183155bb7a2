import OpenAI from 'openai'
import { z } from 'zod'
import { businessDay } from '../../platform/clock.ts'
import { INTENTS, type Intent, type NluContext, type Slots } from '../../core/nlu/intents.ts'

export interface LlmClassification {
  intent: Intent
  confidence: number
  slots: Slots
}

export interface LlmClassifier {
  /** The model's reading of a message, or null when it timed out, failed or answered nonsense. */
  classify(text: string, ctx: NluContext): Promise<LlmClassification | null>
}

export interface LlmClassifierOptions {
  apiKey: string
  /** An OpenAI-compatible endpoint, e.g. `https://host/v1`; the SDK's default when omitted. */
  baseURL?: string
  model: string
  timeoutMs?: number
  /** Ask for `response_format: json_object` (default true); some compatible servers reject it. */
  jsonMode?: boolean
  /** Told why a classification was dropped (timeout, HTTP error, malformed answer). */
  onError?: (error: unknown) => void
}

// Each slot is checked on its own: a wrong slot is dropped, the intent is still used.
const slot = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined)
const slotsSchema = z
  .object({
    phone: slot(z.string().regex(/^1[3-9]\d{9}$/)),
    caseNumber: slot(z.string().regex(/^[A-Z]{2,3}\d{2}20\d{2}(0[1-9]|1[0-2])\d{2,}$/)),
    amount: slot(z.number().positive()),
    date: slot(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)),
    time: slot(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/)),
    partOfDay: slot(z.enum(['morning', 'noon', 'afternoon', 'evening'])),
    clinic: slot(z.string().min(1)),
  })
  .catch({})

const answerSchema = z.object({
  intent: z.enum(INTENTS),
  confidence: z.number().min(0).max(1),
  slots: slotsSchema.optional(),
})

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六']

export function systemPrompt(ctx: NluContext): string {
  const today = businessDay(ctx.now)
  const weekday = WEEKDAYS[new Date(`${today}T00:00:00Z`).getUTCDay()]
  const clinics = ctx.clinics?.length ? `\n门店 / clinics: ${ctx.clinics.map((c) => `${c.code}=${[c.name, ...(c.aliases ?? [])].join('/')}`).join('; ')}` : ''
  return `你是眼科、口腔、医美连锁机构微信客服的意图识别器。You classify one customer message.
意图 (intent, exactly one of):
- emergency: 急症，如突然看不见、术后剧痛或出血不止、化学品溅入眼睛、牙齿外伤出血、注射后皮肤发白发紫、呼吸困难、严重过敏。有疑问时选 emergency。
- complaint: 不满、投诉、退款纠纷、态度差
- human_agent: 要求人工客服/真人
- coupon_query: 优惠券、满减、关注有礼、优惠活动
- points_query: 积分、会员等级、会员权益
- appointment: 预约、改约、取消预约、挂号
- report_query: 检查报告、化验单、验光单、检查结果
- clinic_info: 地址、营业时间、电话、停车、交通
- opt_out: 退订、不要再推送/群发
- thanks: 感谢、好的谢谢、👍
- greeting: 只打招呼、还没提问，如 你好、在吗、下午好，打扰一下
- other: 以上都不是，包括与机构业务无关的闲聊（笑话、天气、写诗、美食、电影、股票、“测试”、“我在开车”）
今天是 ${today} ${weekday} (Asia/Shanghai).${clinics}
Answer with JSON only: {"intent": "...", "confidence": 0..1, "slots": {"phone"?: "13812345678", "caseNumber"?: "BJ0120261103", "amount"?: yuan number, "date"?: "YYYY-MM-DD", "time"?: "HH:mm", "partOfDay"?: "morning"|"noon"|"afternoon"|"evening", "clinic"?: clinic code}}`
}

/** JSON from a model answer, tolerating a ```json fence around it. */
function parseJson(content: string): unknown {
  const unfenced = content.trim().replace(/^```(?:json)?\s*/i, '').replace(/\s*```$/, '')
  return JSON.parse(unfenced)
}

export function createLlmClassifier(options: LlmClassifierOptions): LlmClassifier {
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    timeout: options.timeoutMs ?? 3000,
    maxRetries: 0,
  })
  const jsonMode = options.jsonMode ?? true
  return {
    async classify(text, ctx) {
      try {
        const completion = await client.chat.completions.create({
          model: options.model,
          temperature: 0,
          messages: [
            { role: 'system', content: systemPrompt(ctx) },
            { role: 'user', content: text },
          ],
          ...(jsonMode ? { response_format: { type: 'json_object' as const } } : {}),
        })
        const content = completion.choices[0]?.message?.content
        if (!content) throw new Error('empty answer')
        const answer = answerSchema.parse(parseJson(content))
        const slots = Object.fromEntries(Object.entries(answer.slots ?? {}).filter(([, v]) => v !== undefined)) as Slots
        return { intent: answer.intent, confidence: answer.confidence, slots }
      } catch (error) {
        options.onError?.(error)
        return null
      }
    },
  }
}
