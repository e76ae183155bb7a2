import { clinicByCode, listClinics } from '../../../core/clinics/service.ts'
import { openConversation } from '../../../core/conversations/service.ts'
import type { Deps } from '../../../platform/deps.ts'
import { WecomApiError, type WecomApiClient } from '../../../platform/wecom/api-client.ts'
import { botCopy } from '../../copy.ts'
import { sendNow } from '../wecom/send-now.ts'

export interface KfWelcomeOptions {
  account: string
  welcomeCodeSeconds: number
  /** The clinic the kf account speaks for when the entry link's scene_param names none. */
  defaultClinicCode: string
  customerName(externalId: string): Promise<string>
}

export interface EnterSession {
  msgid: string
  externalId: string
  welcomeCode: string
  sceneParam: string
  /** WeCom's send_time, in seconds. */
  sentAt: number
}

/** enter_session: a greeting with the menu, sent with the event's code (20 s, once) — never through the queue. */
export async function welcomeToKfSession(deps: Deps, client: WecomApiClient, options: KfWelcomeOptions, event: EnterSession): Promise<void> {
  if (Date.now() - event.sentAt * 1000 > options.welcomeCodeSeconds * 1000 * 3) return // caught up long after: the code is dead
  const clinic = clinicByCode(await listClinics(deps.db), event.sceneParam, options.defaultClinicCode)
  const conversation = await openConversation(deps, {
    channel: 'kf',
    account: options.account,
    externalId: event.externalId,
    customerName: await options.customerName(event.externalId),
    clinicCode: clinic.code,
  })
  const text = `${botCopy.greeting(clinic)}\n${botCopy.menu}`
  await sendNow(deps, {
    key: `kf-welcome:${event.msgid}:0`,
    conversation,
    text,
    origin: 'welcome',
    async send() {
      const answer = await client.post<{ msgid?: string }>('/cgi-bin/kf/send_msg_on_event', { code: event.welcomeCode, msgtype: 'text', text: { content: text } })
      return { providerMessageId: answer.msgid }
    },
    classify: (err) => ({ status: 'failed', reason: err instanceof WecomApiError ? `wecom_${err.errcode}` : 'unexpected' }),
  })
}
