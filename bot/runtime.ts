import { EventEmitter } from 'node:events'
import { defaultClinicCode, listClinics } from '../core/clinics/service.ts'
import { recordDeliveryOutcome } from '../core/conversations/service.ts'
import type { Deps } from '../platform/deps.ts'
import type { OutboxDoc } from '../platform/outbox/model.ts'
import { startOutboxWorker, type Sender } from '../platform/outbox/outbox.ts'
import { sendTextThenAttachment } from './channels/attachment-delivery.ts'
import type { Channel } from '../core/channels/channel.ts'
import { createWechatyChannel } from './channels/wechaty/wechaty-channel.ts'
import { historyDeliveryStatus, sendsWithWelcomeCode } from './channels/wecom/contact-channel.ts'
import { createWecomChannels, deliversOutboxRows } from './channels/wecom/wecom-channels.ts'
import { welcomeThroughCode } from './channels/wecom/welcome-by-code.ts'
import { sendAppMessage } from './channels/wecom/app-messages.ts'
import { sharedWecomClient } from '../platform/wecom/shared-client.ts'
import { WECOM_APP_ACCOUNT } from '../core/notifications/service.ts'
import { createNluFromConfig } from './nlu-from-config.ts'
import type { Nlu } from './nlu/index.ts'
import { handleInbound, resumeWaitingTurns } from './inbound.ts'
import type { PipelineDeps } from './pipeline.ts'
import { createSandboxService, type SandboxService } from './sandbox-service.ts'
import { welcomeNewContact } from './welcome.ts'

export interface RunningBot {
  channels: Channel[]
  nlu: Nlu
  sandbox: SandboxService | null
  /**
   * Settles when the messages a stopped process left waiting have been answered. Finding them reads
   * every conversation once (no index serves it on FerretDB), so at scale the first seconds after a
   * start are slower; the bench waits for this before it measures.
   */
  resumed: Promise<void>
  stop(): Promise<void>
}

/** Starts the channels, the dialog pipeline behind them, and the outbox worker that sends for them. */
export async function startBot(deps: Deps): Promise<RunningBot> {
  const clinics = await listClinics(deps.db)
  const pipeline: PipelineDeps = {
    deps,
    nlu: createNluFromConfig(deps.config, deps.log),
    defaultClinicCode: defaultClinicCode(deps.config, clinics),
  }
  const wechaty = createWechatyChannel(deps.config, deps.log)
  // WeCom 客户联系 and 微信客服 beside the puppet, when their settings are present.
  const wecom = createWecomChannels(deps, { defaultClinicCode: pipeline.defaultClinicCode })
  const channels: Channel[] = [wechaty, ...wecom.channels]
  let sandbox: SandboxService | null = null

  for (const channel of channels) {
    await channel.start({
      onMessage: (message) => handleInbound(pipeline, channel, message),
      onContactAdded: async (event) => {
        // A welcome code lives 20 s: that channel sends the welcome itself, at once, not through the queue.
        if (sendsWithWelcomeCode(channel)) return void (await welcomeThroughCode(pipeline, channel, event))
        const clinicCode = event.clinicCode ?? (sandbox ? await sandbox.clinicOf(event.externalId).catch(() => null) : null)
        await welcomeNewContact(pipeline, channel, { ...event, clinicCode })
      },
    })
  }
  wecom.startInbox()
  const resumed = resumeWaitingTurns(pipeline).catch((err) => deps.log.error({ err }, 'resuming waiting turns failed'))
  if (wechaty.sandbox) {
    sandbox = createSandboxService(deps, wechaty.sandbox)
    await sandbox.restore()
  }

  const senders: Record<string, Sender> = {}
  const apiSenders: Record<string, Sender> = {}
  for (const channel of channels) {
    if (deliversOutboxRows(channel)) {
      apiSenders[channel.account] = (message: OutboxDoc) => channel.deliverOutboxMessage(message)
      continue
    }
    senders[channel.account] = async (message: OutboxDoc) => {
      sandbox?.speakingAs(message.recipient, message.origin === 'agent' ? 'agent' : 'bot')
      return sendTextThenAttachment(channel, message)
    }
  }
  // Staff notifications as WeCom app messages (core/notifications), where the app is set up.
  const wecomClient = sharedWecomClient(deps)
  if (wecomClient && deps.config.WECOM_AGENT_ID) {
    const agentId = deps.config.WECOM_AGENT_ID
    apiSenders[WECOM_APP_ACCOUNT] = (message: OutboxDoc) => sendAppMessage(wecomClient, agentId, message)
  }
  const events = new EventEmitter()
  events.on('sent', (message: OutboxDoc) => void onDelivered(deps, message, 'sent'))
  events.on('failed', (message: OutboxDoc) => void onDelivered(deps, message, 'failed'))
  const worker = startOutboxWorker({ db: deps.db, log: deps.log, senders, pacing: { perMinute: deps.config.SEND_RATE_PER_MINUTE, burst: deps.config.SEND_BURST }, events })
  // WeCom's API accounts are not personal WeChat accounts at risk of restriction: a worker and a pace of their own,
  // so a busy 微信客服 account neither waits behind the puppet nor at the puppet's pace.
  const apiPacing = { perMinute: deps.config.WECOM_SEND_RATE_PER_MINUTE, burst: deps.config.SEND_BURST }
  const apiWorker = Object.keys(apiSenders).length ? startOutboxWorker({ db: deps.db, log: deps.log, senders: apiSenders, pacing: apiPacing, events }) : null

  return {
    channels,
    nlu: pipeline.nlu,
    sandbox,
    resumed,
    async stop() {
      await wecom.stop()
      await apiWorker?.stop()
      await worker.stop()
      for (const channel of channels) await channel.stop()
    },
  }
}

async function onDelivered(deps: Deps, message: OutboxDoc, status: 'sent' | 'failed') {
  try {
    await recordDeliveryOutcome(deps, message, historyDeliveryStatus(message, status))
  } catch (err) {
    deps.log.error({ err }, 'recording a delivery failed')
  }
}
