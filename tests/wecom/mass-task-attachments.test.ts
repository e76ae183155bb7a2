import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { planMassTaskMessage } from '../../bot/channels/wecom/mass-tasks.ts'
import { wecomMassMessageModel } from '../../platform/wecom/models.ts'
import { conversationModel } from '../../core/conversations/model.ts'
import { outboxModel, type MessageAttachment } from '../../platform/outbox/model.ts'
import { seedMembers } from '../broadcasts/factories.ts'
import { stubCdn } from '../helpers/fake-cdn.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { startFakeWecom, type FakeWecom } from './fake-wecom.ts'
import { addContactXml, callbackDelivery, eventually, kfEventXml, OPEN_KFID, postCallback, SENDER, sleep, wecomEnv } from './wecom-kit.ts'

const COVER = 'https://cdn.caredesk.test/cards/booking-cover.png'
const MISSING = 'https://cdn.caredesk.test/cards/deleted.png'
const PICTURE = 'https://cdn.caredesk.test/promo/eye-week.png'
/** How long to wait for the outbox and WeCom round trips: generous, FerretDB is slow on a busy two-core machine. */
const SLOW = 30_000
const CARD: MessageAttachment = { kind: 'mini_program', appId: 'wx0123456789abcdef', pagePath: 'pages/booking/index?from=broadcast', title: '预约验光', thumbUrl: COVER }

describe('broadcast attachments on WeCom: 客户联系 mass tasks and 微信客服', { timeout: 90_000 }, () => {
  let fake: FakeWecom
  let app: TestApp
  let admin: string
  let marketing: string
  let cdn: ReturnType<typeof stubCdn>
  beforeAll(async () => {
    fake = await startFakeWecom()
    cdn = stubCdn({ [COVER]: {}, [PICTURE]: { contentType: 'application/octet-stream' }, [MISSING]: { status: 404 } })
    app = await startTestApp({ env: wecomEnv(fake, { QUIET_HOURS: '' }) })
    admin = await app.login()
    marketing = await app.staffToken(['marketing'])
  })
  afterAll(async () => {
    await app?.stop()
    await fake?.close()
    cdn?.restore()
  })

    /** A customer adds the staff member (客户联系) and gets the welcome; the member is tagged for a broadcast's audience. */
  async function contact(externalId: string, tag: string) {
    await postCallback(app, callbackDelivery(addContactXml({ externalId, welcomeCode: `WC-${externalId}` })))
    const conversation = await eventually(async () => {
      const found = await conversationModel(app.deps.db).findOne({ channel: 'wecom', externalId }).lean<any>()
      return found && (await outboxModel(app.deps.db).exists({ conversationId: found._id, status: 'sent' })) && found
    }, SLOW, 'the welcome')
    // The name is looked up after the welcome; tag the member once that write is done, not beside it.
    const member = `/api/members/${conversation.memberId}`
    await eventually(async () => (await app.request('GET', member, { token: admin })).body.name === '微信用户', SLOW, 'the name lookup')
    expect((await app.request('PATCH', member, { token: admin, body: { tags: [tag] } })).status).toBe(200)
    return conversation
  }

  /** Creates, schedules and starts a broadcast; answers its id. */
  async function broadcast(body: Record<string, unknown>) {
    const created = await app.request('POST', '/api/broadcasts', { token: marketing, body: { name: '附件群发', ...body } })
    expect(created.status).toBe(201)
    expect((await app.request('POST', `/api/broadcasts/${created.body.id}/schedule`, { token: marketing })).status).toBe(200)
    await app.scheduler.runNow('broadcasts.dispatch', new Date())
    return created.body.id as string
  }
  const deliveries = async (id: string) => (await app.request('GET', `/api/broadcasts/${id}/deliveries`, { token: marketing })).body.items
  const runMassTasks = async () => {
    const run = await app.request('POST', '/api/jobs/wecom.mass-tasks/run', { token: admin, body: {} })
    expect(run.body.ok).toBe(true)
    return run.body.result
  }
  const tasksWith = (text: string) => fake.calls('/cgi-bin/externalcontact/add_msg_template').filter((call) => call.body.text.content === text)
  /** WeCom reports every customer of the task as sent (the staff member confirmed it). */
  function confirm(task: { body: { external_userid: string[] } }) {
    const [msgid] = [...fake.massResults.entries()].find(([, list]) => list.some((r) => r.external_userid === task.body.external_userid[0]))!
    fake.massResults.set(msgid, task.body.external_userid.map((id) => ({ external_userid: id, status: 1, send_time: Math.floor(Date.now() / 1000) })))
  }

  it('a mini-program card through 客户联系 becomes one task with the uploaded cover’s media id', async () => {
    await contact('wm_card1', 'card')
    await contact('wm_card2', 'card')
    const text = '您好，点开卡片预约本周验光'
    const id = await broadcast({ text, attachment: CARD, audience: { tags: ['card'] } })
    // The 客户联系 channel plans each outbox row as a mass message, text and card together.
    await eventually(async () => (await wecomMassMessageModel(app.deps.db).countDocuments({ key: { $regex: `^delivery:b:${id}:` }, status: 'planned' })) === 2, SLOW, 'both messages to be planned')
    const uploadsBefore = fake.calls('/cgi-bin/media/upload').length

    expect(await runMassTasks()).toMatchObject({ tasks: 1, messages: 2 })
    const [task, ...more] = fake.calls('/cgi-bin/externalcontact/add_msg_template').filter((call) => call.body.text.content.endsWith('点开卡片预约本周验光'))
    expect(more).toHaveLength(0)
    expect([...task.body.external_userid].sort()).toEqual(['wm_card1', 'wm_card2'])
    expect(task.body.sender).toBe(SENDER)
    expect(task.body.attachments).toHaveLength(1)
    const card = task.body.attachments[0]
    expect(card).toEqual({
      msgtype: 'miniprogram',
      // WeCom opens the page only with .html on the path (the query stays).
      miniprogram: { title: '预约验光', pic_media_id: expect.stringMatching(/^media-/), appid: CARD.appId, page: 'pages/booking/index.html?from=broadcast' },
    })

    // The cover was fetched once and uploaded once, as an image in the form field `media`.
    const uploads = fake.calls('/cgi-bin/media/upload').slice(uploadsBefore)
    expect(uploads).toHaveLength(1)
    expect(uploads[0].query.type).toBe('image')
    expect(uploads[0].body).toMatchObject({ field: 'media', contentType: 'image/png', head: '89504e47' })
    expect(fake.uploads.has(card.miniprogram.pic_media_id)).toBe(true)
    expect(cdn.requests.filter((url) => url === COVER)).toHaveLength(1)

    // When the staff member has sent it, the deliveries say the card went with the text.
    confirm(task)
    await runMassTasks()
    const rows = await deliveries(id)
    expect(rows).toHaveLength(2)
    for (const row of rows) expect(row).toMatchObject({ route: 'mass_task', status: 'sent', attachment: CARD, attachmentStatus: 'with_text', attachmentReason: null })
  })

  it('a picture goes by its URL, and a task holds only messages with the same text and the same attachment', async () => {
    const text = '周末验光八折，欢迎到店'
    const picture: MessageAttachment = { kind: 'image', url: PICTURE }
    await planMassTaskMessage(app.deps, { key: 'grouping:1', externalId: 'wm_g1', text, origin: 'care' })
    // The same picture, its fields in another order: still the same attachment.
    await planMassTaskMessage(app.deps, { key: 'grouping:2', externalId: 'wm_g2', text, origin: 'care', attachment: picture })
    await planMassTaskMessage(app.deps, { key: 'grouping:3', externalId: 'wm_g3', text, origin: 'care', attachment: { url: PICTURE, kind: 'image' } })
    const uploadsBefore = fake.calls('/cgi-bin/media/upload').length

    await runMassTasks()
    const tasks = tasksWith(text)
    expect(tasks.map((call) => call.body)).toEqual(
      expect.arrayContaining([
        { chat_type: 'single', external_userid: ['wm_g1'], sender: SENDER, text: { content: text } },
        { chat_type: 'single', external_userid: ['wm_g2', 'wm_g3'], sender: SENDER, text: { content: text }, attachments: [{ msgtype: 'image', image: { pic_url: PICTURE } }] },
      ]),
    )
    expect(tasks).toHaveLength(2)
    expect(fake.calls('/cgi-bin/media/upload')).toHaveLength(uploadsBefore) // 客户联系 takes a picture by its URL
  })

  it('a card whose cover cannot be fetched goes as the text alone on 客户联系, and its deliveries say why', async () => {
    await contact('wm_nocover', 'nocover')
    const text = '封面丢失的卡片'
    const id = await broadcast({ text, attachment: { ...CARD, thumbUrl: MISSING }, audience: { tags: ['nocover'] } })
    await eventually(() => wecomMassMessageModel(app.deps.db).exists({ key: { $regex: `^delivery:b:${id}:` }, status: 'planned' }), SLOW, 'the message to be planned')
    await runMassTasks()
    const [task] = tasksWith(text)
    expect(task.body).toEqual({ chat_type: 'single', external_userid: ['wm_nocover'], sender: SENDER, text: { content: text } })
    confirm(task)
    await runMassTasks()
    const [row] = await deliveries(id)
    expect(row).toMatchObject({ status: 'sent', attachmentStatus: 'failed' })
    expect(row.attachmentReason).toMatch(/^image_unavailable: .*HTTP 404/)
  })

  describe('微信客服', () => {
    const sentTo = (externalId: string) => fake.calls('/cgi-bin/kf/send_msg').filter((r) => r.body.touser === externalId)

    /** A member who writes to the kf account: the reply window opens and the bot answers. */
    async function kfCustomer(tag: string) {
      const [member] = await seedMembers(app.deps.db, [{ name: '客服顾客', channel: 'kf', account: `kf:${OPEN_KFID}`, lastCustomerMessageAt: new Date() }], { tags: [tag] })
      const externalId = member.externalId!
      fake.kf.push({ open_kfid: OPEN_KFID, external_userid: externalId, origin: 3, msgtype: 'text', text: { content: '你好' } })
      expect((await postCallback(app, callbackDelivery(kfEventXml()))).status).toBe(200)
      await eventually(() => sentTo(externalId).length === 1, SLOW, 'the bot’s answer')
      await sleep(300)
      return externalId
    }

    it('a picture follows the text as an uploaded image, both exactly once', async () => {
      const externalId = await kfCustomer('kf-picture')
      const id = await broadcast({ text: '本周验光八折', attachment: { kind: 'image', url: PICTURE }, audience: { tags: ['kf-picture'] } })
      await eventually(() => sentTo(externalId).some((r) => r.body.msgtype === 'image'), SLOW, 'the picture')
      await app.scheduler.runNow('broadcasts.dispatch', new Date())
      await sleep(500)
      const sent = sentTo(externalId).slice(1) // after the bot's answer
      expect(sent.map((r) => r.body.msgtype)).toEqual(['text', 'image'])
      expect(sent[0].body.text.content).toBe('本周验光八折')
      expect(sent[1].body).toMatchObject({ open_kfid: OPEN_KFID, image: { media_id: expect.stringMatching(/^media-/) } })
      // The CDN answered a generic content type: the upload still names it by its bytes.
      expect(fake.uploads.get(sent[1].body.image.media_id)).toMatchObject({ type: 'image', contentType: 'image/png' })
      await eventually(async () => (await deliveries(id))[0]?.status === 'sent', SLOW, 'the delivery to settle')
      expect((await deliveries(id))[0]).toMatchObject({ attachmentStatus: 'with_text', attachmentReason: null })
    })

    it('a card follows the text with its cover as thumb_media_id', async () => {
      const externalId = await kfCustomer('kf-card')
      await broadcast({ text: '点开卡片预约', attachment: CARD, audience: { tags: ['kf-card'] } })
      await eventually(() => sentTo(externalId).some((r) => r.body.msgtype === 'miniprogram'), SLOW, 'the card')
      const card = sentTo(externalId).find((r) => r.body.msgtype === 'miniprogram')!
      expect(card.body.miniprogram).toEqual({ appid: CARD.appId, title: CARD.title, thumb_media_id: expect.stringMatching(/^media-/), pagepath: CARD.pagePath })
    })

    it('when the picture cannot be fetched the text still goes, once, and the delivery says the picture failed', async () => {
      const externalId = await kfCustomer('kf-missing')
      const id = await broadcast({ text: '图片丢失的群发', attachment: { kind: 'image', url: MISSING }, audience: { tags: ['kf-missing'] } })
      await eventually(async () => (await deliveries(id))[0]?.status === 'sent', SLOW, 'the delivery to settle')
      await app.scheduler.runNow('broadcasts.dispatch', new Date())
      await sleep(500)
      expect(sentTo(externalId).slice(1).map((r) => r.body.msgtype)).toEqual(['text'])
      const [row] = await deliveries(id)
      expect(row).toMatchObject({ status: 'sent', attachmentStatus: 'failed' })
      expect(row.attachmentReason).toMatch(/^image_unavailable: .*HTTP 404/)
      const outbox = await outboxModel(app.deps.db).find({ key: { $regex: `^delivery:b:${id}:` } }).lean()
      expect(outbox).toHaveLength(1)
      expect(outbox[0]).toMatchObject({ status: 'sent', attempts: 1 })
    })
  })
})
