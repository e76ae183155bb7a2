import { beforeAll, describe, expect, it } from 'vitest'
import { kfCursorModel, kfWindowModel } from '../../bot/channels/kf/models.ts'
import { wecomCallbackModel, wecomMassMessageModel } from '../../platform/wecom/models.ts'
import { massMessageOutcomes } from '../../bot/channels/wecom/mass-tasks.ts'
import { conversationMessageModel, conversationModel } from '../../core/conversations/model.ts'
import { sendToConversation } from '../../core/conversations/outbound.ts'
import { deliveryModel } from '../../core/broadcasts/model.ts'
import { outboxModel } from '../../platform/outbox/model.ts'
import { enqueueMessage } from '../../platform/outbox/outbox.ts'
import { addContactXml, callbackDelivery, eventually, postCallback, SENDER, useWecomApp } from './wecom-kit.ts'

describe('客户联系: unprompted messages as mass-message tasks, and the 联系我 codes', () => {
  const wecom = useWecomApp()
  let admin: string
  beforeAll(async () => {
    admin = await wecom.app.login()
  })

  async function contact(externalId: string) {
    await postCallback(wecom.app, callbackDelivery(addContactXml({ externalId, welcomeCode: `WC-${externalId}` })))
    return eventually(async () => {
      const conversation = await conversationModel(wecom.app.deps.db).findOne({ channel: 'wecom', externalId }).lean<any>()
      return conversation && (await outboxModel(wecom.app.deps.db).exists({ conversationId: conversation._id, status: 'sent' })) && conversation
    })
  }

  const runJob = async () => {
    const run = await wecom.app.request('POST', '/api/jobs/wecom.mass-tasks/run', { token: admin, body: {} })
    expect(run.status).toBe(200)
    expect(run.body.ok).toBe(true)
    return run.body.result
  }

  it('a Friday greeting to three contacts becomes one task the staff member confirms, and each customer’s result is recorded', async () => {
    const conversations = await Promise.all(['wm_f1', 'wm_f2', 'wm_f3'].map(contact))
    const greeting = '周五好！天气转凉，注意保暖，周末愉快～'
    for (const conversation of conversations) {
      await sendToConversation(wecom.app.deps, conversation, [greeting], { keyPrefix: `care:friday:2026-11-27:${conversation.memberId}`, from: 'bot', origin: 'care', priority: 9 })
    }
    // The outbox hands each one to the channel, which plans it rather than sending it.
    const keys = conversations.map((c) => `care:friday:2026-11-27:${c.memberId}:0`)
    await eventually(async () => (await wecomMassMessageModel(wecom.app.deps.db).countDocuments({ key: { $in: keys }, status: 'planned' })) === 3)
    expect(wecom.fake.calls('/cgi-bin/externalcontact/add_msg_template')).toHaveLength(0)
    expect((await conversationMessageModel(wecom.app.deps.db).findOne({ outboxKey: keys[0] }).lean<any>()).deliveryStatus).toBe('mass_task')

    const created = await runJob()
    expect(created).toMatchObject({ tasks: 1, messages: 3 })
    const [task] = wecom.fake.calls('/cgi-bin/externalcontact/add_msg_template')
    // In the order the outbox took them: bulk rows are spread across workers in no fixed order.
    expect({ ...task.body, external_userid: [...task.body.external_userid].sort() }).toEqual({ chat_type: 'single', external_userid: ['wm_f1', 'wm_f2', 'wm_f3'], sender: SENDER, text: { content: greeting } })

    // Before the staff member confirms, everyone is pending; then WeCom reports per customer.
    expect(Object.values(await massMessageOutcomes(wecom.app.deps, keys)).map((o) => o.status)).toEqual(['pending', 'pending', 'pending'])
    const msgid = [...wecom.fake.massResults.keys()].at(-1)!
    const sentAt = Math.floor(Date.now() / 1000)
    wecom.fake.massResults.set(msgid, [
      { external_userid: 'wm_f1', status: 1, send_time: sentAt },
      { external_userid: 'wm_f2', status: 2 },
      { external_userid: 'wm_f3', status: 3 },
    ])
    const polled = await runJob()
    expect(polled).toMatchObject({ polled: 1, sent: 1, notFriend: 1, capReached: 1, pending: 0 })
    const poll = wecom.fake.calls('/cgi-bin/externalcontact/get_groupmsg_send_result').at(-1)!
    expect(poll.body).toMatchObject({ msgid, userid: SENDER })

    const outcomes = await massMessageOutcomes(wecom.app.deps, keys)
    expect(keys.map((key) => outcomes[key].status)).toEqual(['sent', 'not_friend', 'cap_reached'])
    expect(outcomes[keys[0]].sentAt?.getTime()).toBe(sentAt * 1000)
    const history = await Promise.all(keys.map((key) => conversationMessageModel(wecom.app.deps.db).findOne({ outboxKey: key }).lean<any>()))
    expect(history.map((m) => m.deliveryStatus)).toEqual(['sent', 'failed', 'failed'])

    // Finished tasks are not polled again.
    const polls = wecom.fake.calls('/cgi-bin/externalcontact/get_groupmsg_send_result').length
    await runJob()
    expect(wecom.fake.calls('/cgi-bin/externalcontact/get_groupmsg_send_result')).toHaveLength(polls)
  })

  it('a broadcast delivery routed to a mass task gets its customer’s result (here: the monthly cap) from WeCom', async () => {
    const conversation = await contact('wm_broadcast')
    const outboxKey = `delivery:run-test:${conversation.memberId}`
    // What core/broadcasts writes and queues for a 客户联系 recipient (raw, so this test does not pin its schema).
    await deliveryModel(wecom.app.deps.db).collection.insertOne({ _id: `run-test|${conversation.memberId}` as any, runId: 'run-test', kind: 'broadcast', memberId: conversation.memberId, route: 'mass_task', text: '会员日', outboxKey, status: 'mass_task', createdAt: new Date() })
    await enqueueMessage(wecom.app.deps.db, { key: outboxKey, channel: 'wecom', account: conversation.account, recipient: 'wm_broadcast', text: '会员日快乐！', origin: 'broadcast', priority: 9, conversationId: conversation._id, memberId: conversation.memberId })
    await eventually(() => wecomMassMessageModel(wecom.app.deps.db).exists({ key: outboxKey }))
    await runJob()
    const [msgid] = [...wecom.fake.massResults.entries()].find(([, list]) => list.some((r) => r.external_userid === 'wm_broadcast'))!
    wecom.fake.massResults.set(msgid, [{ external_userid: 'wm_broadcast', status: 3 }])
    await runJob()
    const delivery = await deliveryModel(wecom.app.deps.db).collection.findOne({ outboxKey })
    expect(delivery).toMatchObject({ status: 'skipped', reason: 'cap_reached' })
  })

  it('a reply from the console is refused, not turned into a task: on 客户联系 the staff member answers in WeCom', async () => {
    const conversation = await contact('wm_reply')
    await sendToConversation(wecom.app.deps, conversation, ['您好，您的眼镜已到店'], { keyPrefix: 'agent:test-reply', from: 'agent', origin: 'agent' })
    const row = await eventually(() => outboxModel(wecom.app.deps.db).findOne({ key: 'agent:test-reply:0', status: 'failed' }).lean<any>())
    expect(row.lastError).toMatch(/^reply_not_supported:/)
    expect(await wecomMassMessageModel(wecom.app.deps.db).exists({ key: 'agent:test-reply:0' })).toBeNull()
  })

  it('a member who opted out is not put into a marketing task', async () => {
    const conversation = await contact('wm_optout')
    expect((await wecom.app.request('PATCH', `/api/members/${conversation.memberId}`, { token: admin, body: { optedOut: true } })).status).toBe(200)
    await sendToConversation(wecom.app.deps, conversation, ['双十二会员日，全场满减！'], { keyPrefix: `broadcast:b1:${conversation.memberId}`, from: 'bot', origin: 'broadcast', priority: 9 })
    const key = `broadcast:b1:${conversation.memberId}:0`
    await eventually(() => wecomMassMessageModel(wecom.app.deps.db).exists({ key }))
    const tasksBefore = wecom.fake.calls('/cgi-bin/externalcontact/add_msg_template').length
    await runJob()
    expect((await massMessageOutcomes(wecom.app.deps, [key]))[key]).toMatchObject({ status: 'cancelled', reason: 'opted_out' })
    expect(wecom.fake.calls('/cgi-bin/externalcontact/add_msg_template')).toHaveLength(tasksBefore)
  })

  it('GET /api/wecom/contact-ways creates one 联系我 QR code per clinic, once, with the clinic code as state', async () => {
    const [first, second] = await Promise.all([
      wecom.app.request('GET', '/api/wecom/contact-ways', { token: admin }),
      wecom.app.request('GET', '/api/wecom/contact-ways', { token: admin }),
    ])
    expect([first.status, second.status]).toEqual([200, 200])
    const clinics = (await wecom.app.request('GET', '/api/clinics')).body.items.map((c: { code: string }) => c.code)
    const calls = wecom.fake.calls('/cgi-bin/externalcontact/add_contact_way')
    expect(calls.map((c) => c.body.state).sort()).toEqual([...clinics].sort())
    expect(calls[0].body).toMatchObject({ type: 1, scene: 2, user: [SENDER] })

    const again = await wecom.app.request('GET', '/api/wecom/contact-ways', { token: admin })
    expect(wecom.fake.calls('/cgi-bin/externalcontact/add_contact_way')).toHaveLength(clinics.length)
    expect(again.body.total).toBe(clinics.length)
    for (const item of again.body.items) expect(item.qrCode).toContain(`fake-${item.clinicCode}-`)

    const agent = await wecom.app.staffToken(['agent'])
    expect((await wecom.app.request('GET', '/api/wecom/contact-ways', { token: agent })).status).toBe(403)
  })

  it('the daily wecom.prune forgets old callbacks, reply windows and all but the newest sync cursors', async () => {
    const longAgo = new Date(Date.now() - 10 * 24 * 3600_000)
    await wecomCallbackModel(wecom.app.deps.db).create({ _id: 'event:old', event: 'kf_msg_or_event', fields: {}, status: 'done', receivedAt: longAgo })
    await kfWindowModel(wecom.app.deps.db).create({ _id: 'kfmsg-old', openKfId: 'wk_old', externalId: 'wo_old', openedAt: longAgo })
    for (let seq = 1; seq <= 25; seq++) await kfCursorModel(wecom.app.deps.db).create({ openKfId: 'wk_old', seq, cursor: String(seq), at: longAgo })
    const run = await wecom.app.request('POST', '/api/jobs/wecom.prune/run', { token: admin, body: {} })
    expect(run.body).toMatchObject({ ok: true, result: { callbacks: 1, windows: 1, cursors: 5 } })
    expect(await kfCursorModel(wecom.app.deps.db).findOne({ openKfId: 'wk_old' }).sort({ seq: -1 }).lean<any>()).toMatchObject({ cursor: '25' })
  })
})
