import { describe, expect, it } from 'vitest'
import { kfCursorModel } from '../../bot/channels/kf/models.ts'
import { conversationMessageModel, conversationModel } from '../../core/conversations/model.ts'
import { sendToConversation } from '../../core/conversations/outbound.ts'
import { joinAsMember } from '../../core/members/service.ts'
import { memberIdByUnionId, memberUnionModel } from '../../core/members/unions.ts'
import { outboxModel } from '../../platform/outbox/model.ts'
import { startTestApp } from '../helpers/test-app.ts'
import { startFakeWecom } from './fake-wecom.ts'
import { callbackDelivery, eventually, kfEventXml, OPEN_KFID, postCallback, SERVICER, sleep, wecomEnv, useWecomApp } from './wecom-kit.ts'

describe('微信客服 (kf)', () => {
  const wecom = useWecomApp()

  /** The customer writes from WeChat: WeCom queues the message and calls back with a pull token. */
  async function customerSays(externalId: string, text: string) {
    const message = wecom.fake.kf.push({ open_kfid: OPEN_KFID, external_userid: externalId, origin: 3, msgtype: 'text', text: { content: text } })
    expect((await postCallback(wecom.app, callbackDelivery(kfEventXml()))).status).toBe(200)
    return message
  }
  const sentTo = (externalId: string) => wecom.fake.calls('/cgi-bin/kf/send_msg').filter((r) => r.body.touser === externalId)

  it('a kf customer’s unionid from kf/customer/batchget is remembered for the mini program', async () => {
    wecom.fake.unionIds.set('wo_union', 'union-kf-0001')
    await customerSays('wo_union', '你好')
    await eventually(() => sentTo('wo_union').length, 8000, 'the reply')
    // Remembered against the kf identity, so it finds the member once the customer becomes one.
    await eventually(async () => (await memberUnionModel(wecom.app.deps.db).findById('union-kf-0001').lean<any>())?.identityKey === 'kf:wo_union', 8000, 'the unionid')
    const { member } = await joinAsMember(wecom.app.deps, { channel: 'kf', externalId: 'wo_union', name: '微信客户', clinicCode: 'BJ01' })
    expect((await memberIdByUnionId(wecom.app.deps, 'union-kf-0001'))?.toHexString()).toBe(member.id)
  })

  it('a customer message is pulled with sync_msg and answered with send_msg', async () => {
    await customerSays('wo_chen', '你好')
    const [reply] = await eventually(() => sentTo('wo_chen').length && sentTo('wo_chen'), 8000, 'the reply')
    expect(reply.body).toMatchObject({ touser: 'wo_chen', open_kfid: OPEN_KFID, msgtype: 'text' })
    expect(reply.body.text.content).toContain('欢迎咨询')
    expect(reply.body.text.content).toContain('我可以帮您')
    const sync = wecom.fake.calls('/cgi-bin/kf/sync_msg').at(-1)!
    expect(sync.body).toMatchObject({ open_kfid: OPEN_KFID, token: expect.stringMatching(/^kftoken-/), limit: 1000 })
    await sleep(400)
    expect(sentTo('wo_chen')).toHaveLength(1)
    const conversation = await conversationModel(wecom.app.deps.db).findOne({ channel: 'kf', externalId: 'wo_chen' }).lean<any>()
    expect(conversation.customerName).toBe('微信客户') // kf/customer/batchget
    const history = await conversationMessageModel(wecom.app.deps.db).find({ conversationId: conversation._id }).sort({ at: 1 }).lean<any[]>()
    expect(history[0]).toMatchObject({ from: 'customer', text: '你好' })
    expect(history.slice(1).every((m) => m.from === 'bot' && m.deliveryStatus === 'sent')).toBe(true)
  })

  it('lines queued together go out as one message, so they use one of the window’s five replies', async () => {
    await customerSays('wo_wu', '谢谢')
    await eventually(() => sentTo('wo_wu').length === 1)
    const conversation = await conversationModel(wecom.app.deps.db).findOne({ channel: 'kf', externalId: 'wo_wu' }).lean<any>()
    await sendToConversation(wecom.app.deps, conversation, ['第一行', '第二行', '第三行'], { keyPrefix: 'lines-test', from: 'bot', origin: 'reply' })
    await eventually(() => sentTo('wo_wu').length === 2)
    await sleep(400)
    expect(sentTo('wo_wu')).toHaveLength(2)
    expect(sentTo('wo_wu')[1].body.text.content).toBe('第一行\n\n第二行\n\n第三行')
    const lines = await conversationMessageModel(wecom.app.deps.db).find({ outboxKey: { $in: ['lines-test:0', 'lines-test:1', 'lines-test:2'] } }).lean<any[]>()
    expect(lines.map((m) => m.deliveryStatus)).toEqual(['sent', 'sent', 'sent'])
  })

  it('asking for a person hands the session to the servicer (service_state/trans 3) after the bot says so, and the bot is silent after', async () => {
    await customerSays('wo_he', '转人工')
    const [trans] = await eventually(() => wecom.fake.calls('/cgi-bin/kf/service_state/trans').filter((r) => r.body.external_userid === 'wo_he').length && wecom.fake.calls('/cgi-bin/kf/service_state/trans').filter((r) => r.body.external_userid === 'wo_he'))
    expect(trans.body).toEqual({ open_kfid: OPEN_KFID, external_userid: 'wo_he', service_state: 3, servicer_userid: SERVICER })
    const notice = sentTo('wo_he')
    expect(notice).toHaveLength(1)
    expect(notice[0].body.text.content).toContain('转接人工客服')
    expect(wecom.fake.requests.indexOf(notice[0])).toBeLessThan(wecom.fake.requests.indexOf(trans)) // said first, then handed over

    const before = wecom.fake.calls('/cgi-bin/kf/sync_msg').length
    await customerSays('wo_he', '我的优惠券还能用吗')
    await eventually(() => wecom.fake.calls('/cgi-bin/kf/sync_msg').length > before)
    const conversation = await conversationModel(wecom.app.deps.db).findOne({ channel: 'kf', externalId: 'wo_he' }).lean<any>()
    await eventually(() => conversationMessageModel(wecom.app.deps.db).findOne({ conversationId: conversation._id, text: '我的优惠券还能用吗' }).lean())
    await sleep(600)
    expect(sentTo('wo_he')).toHaveLength(1) // nothing more from the bot
    expect(wecom.fake.calls('/cgi-bin/kf/service_state/trans').filter((r) => r.body.external_userid === 'wo_he')).toHaveLength(1)
    expect(conversation.status).toBe('escalated')

    // What the servicer types in WeCom shows in the console's history as the agent's turn.
    wecom.fake.kf.push({ open_kfid: OPEN_KFID, external_userid: 'wo_he', origin: 5, servicer_userid: SERVICER, msgtype: 'text', text: { content: '您好，我是客服李四' } })
    await postCallback(wecom.app, callbackDelivery(kfEventXml()))
    const agentTurn = await eventually(() => conversationMessageModel(wecom.app.deps.db).findOne({ conversationId: conversation._id, from: 'agent', deliveryStatus: 'sent' }).lean<any>())
    expect(agentTurn).toMatchObject({ text: '您好，我是客服李四', agentName: SERVICER, deliveryStatus: 'sent' })
  })

  it('the sixth reply to one customer message is held back, recorded as failed with window_limit', async () => {
    await customerSays('wo_liu', '你好')
    await eventually(() => sentTo('wo_liu').length === 1) // the greeting (one merged message) is reply 1
    const conversation = await conversationModel(wecom.app.deps.db).findOne({ channel: 'kf', externalId: 'wo_liu' }).lean<any>()
    for (let i = 2; i <= 6; i++) {
      await sendToConversation(wecom.app.deps, conversation, [`第${i}条消息`], { keyPrefix: `window-test:${i}`, from: 'bot', origin: 'reply' })
    }
    const held = await eventually(() => outboxModel(wecom.app.deps.db).findOne({ key: 'window-test:6:0', status: 'failed' }).lean<any>(), 30_000, 'the sixth to fail')
    expect(held.lastError).toMatch(/^window_limit:/)
    expect(sentTo('wo_liu')).toHaveLength(5)
    expect(sentTo('wo_liu').map((r) => r.body.text.content)).not.toContain('第6条消息')
    // The history learns of the failure from the outbox's event, a moment after the row is marked.
    await eventually(async () => (await conversationMessageModel(wecom.app.deps.db).findOne({ outboxKey: 'window-test:6:0' }).lean<any>())?.deliveryStatus === 'failed', 8000, 'the history to say failed')

    // The customer writing again opens a new window.
    await customerSays('wo_liu', '谢谢')
    await eventually(() => sentTo('wo_liu').length === 6)
    expect(sentTo('wo_liu').at(-1)!.body.text.content).toContain('不客气')
  })

  it('entering the session gets the welcome through send_msg_on_event and its code', async () => {
    wecom.fake.kf.push({ origin: 4, msgtype: 'event', event: { event_type: 'enter_session', open_kfid: OPEN_KFID, external_userid: 'wo_zhou', scene: 'counter', scene_param: 'BJ02', welcome_code: 'KF-WELCOME-1' } })
    await postCallback(wecom.app, callbackDelivery(kfEventXml()))
    const [welcome] = await eventually(() => wecom.fake.calls('/cgi-bin/kf/send_msg_on_event').length && wecom.fake.calls('/cgi-bin/kf/send_msg_on_event'))
    expect(welcome.body).toMatchObject({ code: 'KF-WELCOME-1', msgtype: 'text' })
    expect(welcome.body.text.content).toContain('北京海淀口腔医院')
    // Pulled again (another callback), the event is not answered twice.
    await postCallback(wecom.app, callbackDelivery(kfEventXml()))
    await sleep(500)
    expect(wecom.fake.calls('/cgi-bin/kf/send_msg_on_event')).toHaveLength(1)
  })
})

describe('微信客服 across a restart', () => {
  it('a restarted app resumes from the stored cursor: nothing missed, nothing answered twice', async () => {
    const fake = await startFakeWecom()
    fake.kf.pageSize = 2 // several pages per sync, to follow has_more
    const dbName = `kf_restart_${Date.now()}`
    const first = await startTestApp({ dbName, env: wecomEnv(fake) })
    try {
      for (const who of ['wo_a', 'wo_b', 'wo_c']) fake.kf.push({ open_kfid: OPEN_KFID, external_userid: who, origin: 3, msgtype: 'text', text: { content: '你好' } })
      await postCallback(first, callbackDelivery(kfEventXml()))
      await eventually(() => fake.calls('/cgi-bin/kf/send_msg').length === 3, 10_000, 'three replies')
      const stored = await eventually(() => kfCursorModel(first.deps.db).findOne({ openKfId: OPEN_KFID }).sort({ seq: -1 }).lean<any>().then((c) => c?.cursor === '3' && c))
      expect(stored.cursor).toBe('3')
    } finally {
      await first.stop()
    }

    // While no instance runs, two more customers write.
    for (const who of ['wo_d', 'wo_e']) fake.kf.push({ open_kfid: OPEN_KFID, external_userid: who, origin: 3, msgtype: 'text', text: { content: '你好' } })
    const syncsBefore = fake.calls('/cgi-bin/kf/sync_msg').length
    const second = await startTestApp({ dbName, env: wecomEnv(fake) })
    try {
      await eventually(() => fake.calls('/cgi-bin/kf/send_msg').length === 5, 10_000, 'the two new replies')
      expect(fake.calls('/cgi-bin/kf/sync_msg')[syncsBefore].body.cursor).toBe('3') // the first pull after the restart
      await sleep(500)
      expect(fake.calls('/cgi-bin/kf/send_msg').map((r) => r.body.touser).sort()).toEqual(['wo_a', 'wo_b', 'wo_c', 'wo_d', 'wo_e'])
    } finally {
      await second.stop()
      await fake.close()
    }
  })
})
