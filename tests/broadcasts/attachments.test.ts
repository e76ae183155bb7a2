import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendTextThenAttachment } from '../../bot/channels/attachment-delivery.ts'
import type { Channel } from '../../core/channels/channel.ts'
import { CHANNEL_CAPABILITIES } from '../../core/channels/capabilities.ts'
import { createLogger } from '../../platform/log.ts'
import { outboxModel, type MessageAttachment } from '../../platform/outbox/model.ts'
import { startOutboxWorker } from '../../platform/outbox/outbox.ts'
import { SendError } from '../../platform/outbox/send-error.ts'
import { newSandboxCustomer } from '../helpers/sandbox-driver.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { eventually, seedMembers } from './factories.ts'

const IMAGE: MessageAttachment = { kind: 'image', url: 'https://cdn.caredesk.test/promo/eye-week.png' }
const CARD: MessageAttachment = { kind: 'mini_program', appId: 'wx0123456789abcdef', pagePath: 'pages/booking/index', title: '预约验光', thumbUrl: 'https://cdn.caredesk.test/promo/booking.png' }

describe('broadcast attachments: an image or a mini-program card after the text', { timeout: 90_000 }, () => {
  let app: TestApp
  let marketing: string

  beforeAll(async () => {
    // The real bot on the sandbox puppet; no quiet hours, so a run sends whatever the time of day.
    app = await startTestApp({ env: { QUIET_HOURS: '' } })
    marketing = await app.staffToken(['marketing'])
  })
  afterAll(() => app?.stop())

  const create = (body: Record<string, unknown>) => app.request('POST', '/api/broadcasts', { token: marketing, body })
  const get = async (id: string) => (await app.request('GET', `/api/broadcasts/${id}`, { token: marketing })).body
  const deliveries = async (id: string) => (await app.request('GET', `/api/broadcasts/${id}/deliveries`, { token: marketing })).body.items
  const dispatch = () => app.scheduler.runNow('broadcasts.dispatch', new Date())

  it.each([
    ['a picture not on https', { kind: 'image', url: 'http://cdn.caredesk.test/a.png' }, 'attachment.url: must be an https:// URL'],
    ['a picture without its URL', { kind: 'image' }, 'attachment.url:'],
    ['an unknown kind', { kind: 'video', url: 'https://cdn.caredesk.test/a.mp4' }, 'attachment.kind: kind must be "image" or "mini_program"'],
    ['a card without its AppID', { ...CARD, appId: '  ' }, 'attachment.appId: must not be empty'],
    ['a card without a cover', { kind: 'mini_program', appId: 'wx1', pagePath: 'pages/index/index', title: '预约' }, 'attachment.thumbUrl:'],
    ['a card title over WeCom’s 64 bytes', { ...CARD, title: '预约验光'.repeat(6) }, 'attachment.title: must be at most 64 bytes'],
    ['fields the kind does not have', { ...IMAGE, title: '多余' }, 'attachment: Unrecognized key'],
  ])('%s is refused with 400', async (_case, attachment, message) => {
    const res = await create({ name: '附件', text: '您好', attachment })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('validation_failed')
    expect(res.body.error.message).toContain(message)
  })

  it('the attachment is stored on the broadcast and shown with it', async () => {
    const res = await create({ name: '预约卡片', text: '{{name}}您好，点开卡片即可预约', attachment: CARD, audience: { tags: ['nobody-has-this'] } })
    expect(res.status).toBe(201)
    expect((await get(res.body.id)).attachment).toEqual(CARD)
    const list = await app.request('GET', '/api/broadcasts', { token: marketing })
    expect(list.body.items.find((b: { id: string }) => b.id === res.body.id).attachment).toEqual(CARD)
  })

  it('the preview says which channels carry a mini-program card and counts those who get the text alone', async () => {
    // wechat4u (personal WeChat) cannot send mini-program cards; 客户联系 and 微信客服 can.
    await seedMembers(
      app.deps.db,
      [
        { name: '个人微信一', channel: 'wechaty', account: 'wechaty:wechat4u' },
        { name: '个人微信二', channel: 'wechaty', account: 'wechaty:wechat4u' },
        { name: '客户联系', channel: 'wecom' },
        { name: '客服窗口内', channel: 'kf', lastCustomerMessageAt: new Date(Date.now() - 3600_000) },
      ],
      { tags: ['card-preview'], clinicCode: 'CD01' },
    )
    const { body } = await create({ name: '卡片预览', text: '{{name}}您好', attachment: CARD, audience: { tags: ['card-preview'] } })
    const preview = (await app.request('GET', `/api/broadcasts/${body.id}/preview`, { token: marketing })).body
    expect(preview.attachment).toEqual(CARD)
    expect(preview.routes).toMatchObject({ send: 3, massTask: 1, skip: 0, textOnly: 2 })
    expect(preview.channels).toEqual(
      expect.arrayContaining([
        { channel: 'wechaty', send: 2, massTask: 0, skip: 0, textOnly: 2, carriesAttachment: false },
        { channel: 'wecom', send: 0, massTask: 1, skip: 0, textOnly: 0, carriesAttachment: true },
        { channel: 'kf', send: 1, massTask: 0, skip: 0, textOnly: 0, carriesAttachment: true },
      ]),
    )

    // Planned the same way: the text goes to everyone, the card only where it is carried.
    await app.request('POST', `/api/broadcasts/${body.id}/schedule`, { token: marketing })
    await dispatch()
    const rows = await deliveries(body.id)
    const byName = Object.fromEntries(rows.map((d: { memberName: string }) => [d.memberName, d]))
    expect(byName['个人微信一']).toMatchObject({ attachment: CARD, attachmentStatus: 'text_only', attachmentReason: 'channel_cannot_carry' })
    expect(byName['客户联系']).toMatchObject({ attachment: CARD, attachmentStatus: 'with_text', attachmentReason: null })
    const outbox = await outboxModel(app.deps.db).find({ key: { $regex: `^delivery:b:${body.id}:` } }).lean()
    expect(outbox).toHaveLength(4)
    expect(outbox.filter((row) => row.attachment).map((row) => row.channel).sort()).toEqual(['kf', 'wecom'])
    await app.request('POST', `/api/broadcasts/${body.id}/cancel`, { token: marketing }) // those accounts have no sender here
  })

  it('a broadcast with a picture reaches a sandbox customer as the text and then the picture, exactly once', async () => {
    const customer = await newSandboxCustomer(app, { name: '图片顾客', clinicCode: 'SH01' })
    await customer.addAccount('你好')
    await customer.waitFor((line) => line.text.includes('满500减50'), 30_000)
    const before = await customer.repliesSettled()
    const seen = (await customer.transcript()).length
    expect(before.length).toBeGreaterThan(0)

    const { body } = await create({ name: '验光周', text: '{{name}}您好，本周验光八折', attachment: IMAGE, audience: { clinicCodes: ['SH01'] } })
    const preview = (await app.request('GET', `/api/broadcasts/${body.id}/preview`, { token: marketing })).body
    expect(preview.channels).toEqual([{ channel: 'wechaty', send: 1, massTask: 0, skip: 0, textOnly: 0, carriesAttachment: true }])
    await app.request('POST', `/api/broadcasts/${body.id}/schedule`, { token: marketing })
    await dispatch()

    await eventually(async () => (await customer.transcript()).slice(seen).some((line) => line.type === 'image'), 30_000, 'the picture to arrive')
    await dispatch() // a second drive (and the worker meanwhile) must not send anything again
    await new Promise((r) => setTimeout(r, 800))
    const lines = (await customer.transcript()).slice(seen)
    expect(lines.map(({ from, text, type, url }) => ({ from, text, type, url }))).toEqual([
      { from: 'bot', text: '图片顾客您好，本周验光八折', type: 'text', url: undefined },
      { from: 'bot', text: '[Image: eye-week.png]', type: 'image', url: IMAGE.url },
    ])
    await eventually(async () => (await get(body.id)).status === 'completed', 30_000, 'the run to finish')
    expect(await get(body.id)).toMatchObject({ sent: 1, failed: 0, uncertain: 0 })
    expect(await deliveries(body.id)).toMatchObject([{ status: 'sent', attachment: IMAGE, attachmentStatus: 'with_text', attachmentReason: null }])
    expect(await outboxModel(app.deps.db).countDocuments({ key: { $regex: `^delivery:b:${body.id}:` } })).toBe(1)
  })

  it('a mini-program card reaches a sandbox customer after the text, with its title', async () => {
    const customer = await newSandboxCustomer(app, { name: '卡片顾客', clinicCode: 'BJ02' })
    await customer.addAccount('你好')
    await customer.waitFor((line) => line.text.includes('满500减50'), 30_000)
    await customer.repliesSettled()
    const seen = (await customer.transcript()).length

    const { body } = await create({ name: '预约', text: '点开卡片预约验光', attachment: CARD, audience: { clinicCodes: ['BJ02'] } })
    await app.request('POST', `/api/broadcasts/${body.id}/schedule`, { token: marketing })
    await dispatch()
    await eventually(async () => (await customer.transcript()).slice(seen).some((line) => line.type === 'mini_program'), 30_000, 'the card to arrive')
    const lines = (await customer.transcript()).slice(seen)
    expect(lines.map(({ text, type, title }) => ({ text, type, title }))).toEqual([
      { text: '点开卡片预约验光', type: 'text', title: undefined },
      { text: '[小程序] 预约验光', type: 'mini_program', title: '预约验光' },
    ])
  })

  it('when the picture fails after the text went out, the row is sent, the delivery says the picture failed, and the text is not sent again', async () => {
    const account = 'test:flaky-pictures'
    const [member] = await seedMembers(app.deps.db, [{ name: '失败图片', channel: 'wechaty', account }], { tags: ['flaky-picture'] })
    const texts: string[] = []
    const pictures: string[] = []
    // A channel whose picture sends fail the way a puppet's do: after the text went out.
    const flaky: Channel = {
      kind: 'wechaty',
      account,
      capabilities: CHANNEL_CAPABILITIES.wechaty,
      start: async () => undefined,
      stop: async () => undefined,
      status: () => ({ state: 'logged_in', account, qr: null, detail: null }),
      sendText: async (_externalId, text) => void texts.push(text),
      sendAttachment: async (_externalId, attachment) => {
        pictures.push(attachment.kind)
        throw new SendError('transient', 'send_failed', 'the CDN timed out')
      },
    }
    const worker = startOutboxWorker({
      db: app.deps.db,
      log: createLogger('silent'),
      senders: { [account]: (message) => sendTextThenAttachment(flaky, message) },
      pacing: { perMinute: 6000, burst: 50 },
    })
    try {
      const { body } = await create({ name: '失败的图片', text: '周末验光八折', attachment: IMAGE, audience: { tags: ['flaky-picture'] } })
      await app.request('POST', `/api/broadcasts/${body.id}/schedule`, { token: marketing })
      await dispatch()
      await eventually(async () => (await get(body.id)).sent === 1, 30_000, 'the text to go out')
      await dispatch()
      await new Promise((r) => setTimeout(r, 800))
      expect(texts).toEqual(['周末验光八折'])
      expect(pictures).toEqual(['image'])
      const row = await outboxModel(app.deps.db).findOne({ key: { $regex: `^delivery:b:${body.id}:.*:${member.id}$` } }).lean()
      expect(row).toMatchObject({ status: 'sent', attempts: 1, attachmentError: 'send_failed: the CDN timed out' })
      expect(await deliveries(body.id)).toMatchObject([{ status: 'sent', attachmentStatus: 'failed', attachmentReason: 'send_failed: the CDN timed out' }])
      expect(await get(body.id)).toMatchObject({ status: 'completed', sent: 1, failed: 0 })
    } finally {
      await worker.stop()
    }
  })
})
