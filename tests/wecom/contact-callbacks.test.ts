import { describe, expect, it } from 'vitest'
import { encrypt } from '@wecom/crypto'
import { wecomContactEventModel, wecomMassMessageModel } from '../../platform/wecom/models.ts'
import { conversationMessageModel, conversationModel } from '../../core/conversations/model.ts'
import { findMemberByIdentity } from '../../core/members/service.ts'
import { memberIdByUnionId } from '../../core/members/unions.ts'
import { outboxModel } from '../../platform/outbox/model.ts'
import { startTestApp } from '../helpers/test-app.ts'
import { FAKE_CORP_ID, startFakeWecom } from './fake-wecom.ts'
import { AES_KEY, addContactXml, callbackDelivery, eventually, postCallback, sleep, signedQuery, wecomEnv, xml, SENDER, useWecomApp } from './wecom-kit.ts'

describe('WeCom callbacks and the 客户联系 welcome', () => {
  const wecom = useWecomApp()

  const welcomesWith = (code: string) => wecom.fake.calls('/cgi-bin/externalcontact/send_welcome_msg').filter((r) => r.body.welcome_code === code)

  it('URL verification answers the decrypted echostr as plain text', async () => {
    const echo = encrypt(AES_KEY, '1616140317555161061', FAKE_CORP_ID)
    const query = signedQuery(echo)
    query.set('echostr', echo)
    const response = await fetch(`${wecom.app.url}/api/wecom/callback?${query}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/plain')
    expect(await response.text()).toBe('1616140317555161061')
  })

  it('a tampered signature is refused with 401 and nothing is stored', async () => {
    const delivery = callbackDelivery(addContactXml({ externalId: 'wm_tampered', welcomeCode: 'WC-TAMPER' }))
    const signature = delivery.query.get('msg_signature')!
    delivery.query.set('msg_signature', `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`)
    const answer = await postCallback(wecom.app, delivery)
    expect(answer.status).toBe(401)
    expect(JSON.parse(answer.text).error.code).toBe('invalid_signature')
    const echo = encrypt(AES_KEY, 'hello', FAKE_CORP_ID)
    const wrongToken = signedQuery(echo, { token: 'someone-elses-token' })
    wrongToken.set('echostr', echo)
    expect((await fetch(`${wecom.app.url}/api/wecom/callback?${wrongToken}`)).status).toBe(401)
    await sleep(300)
    expect(welcomesWith('WC-TAMPER')).toHaveLength(0)
  })

  it('a correctly signed message encrypted for another CorpID is refused with 401', async () => {
    const delivery = callbackDelivery(addContactXml({ externalId: 'wm_othercorp', welcomeCode: 'WC-OTHER' }), { receiveId: 'wwsomeothercorp' })
    expect((await postCallback(wecom.app, delivery)).status).toBe(401)
    const echo = encrypt(AES_KEY, 'hello', 'wwsomeothercorp')
    const query = signedQuery(echo)
    query.set('echostr', echo)
    expect((await fetch(`${wecom.app.url}/api/wecom/callback?${query}`)).status).toBe(401)
    await sleep(300)
    expect(welcomesWith('WC-OTHER')).toHaveLength(0)
  })

  it('a body that is not WeCom XML is a 400', async () => {
    const response = await fetch(`${wecom.app.url}/api/wecom/callback?${signedQuery('x')}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<xml><Nothing/></xml>' })
    expect(response.status).toBe(400)
  })

  it('a new contact gets one welcome with the coupon through the welcome code, as a member of the clinic of the QR code', async () => {
    wecom.fake.contactNames.set('wm_wang', '王女士')
    const started = Date.now()
    const answer = await postCallback(wecom.app, callbackDelivery(addContactXml({ externalId: 'wm_wang', state: 'SH01', welcomeCode: 'WC-WANG' })))
    expect(answer).toEqual({ status: 200, text: 'success' })
    const [welcome] = await eventually(() => welcomesWith('WC-WANG').length && welcomesWith('WC-WANG'), 8000, 'the welcome')
    expect(welcome.at - started).toBeLessThan(5000) // well inside the code's 20 s

    const member = await eventually(() => findMemberByIdentity(wecom.app.deps, 'wecom', 'wm_wang'))
    expect(member.clinicCode).toBe('SH01')
    const token = await wecom.app.staffToken(['admin'])
    const coupons = await wecom.app.request('GET', `/api/coupons?memberId=${member.id}`, { token })
    expect(coupons.body.items).toHaveLength(1)
    expect(welcome.body).toEqual({ welcome_code: 'WC-WANG', text: { content: expect.stringContaining(coupons.body.items[0].code) } })
    expect(welcome.body.text.content).toContain('上海静安医疗美容医院')
    expect(welcome.body.text.content).toContain('满500减50')

    // The welcome is in the conversation history and in the outbox as sent; the name arrives afterwards.
    const conversation = await conversationModel(wecom.app.deps.db).findOne({ channel: 'wecom', externalId: 'wm_wang' }).lean<any>()
    const history = await eventually(async () => {
      const rows = await conversationMessageModel(wecom.app.deps.db).find({ conversationId: conversation._id }).lean<any[]>()
      return rows.some((m) => m.deliveryStatus === 'sent') && rows
    })
    expect(history).toEqual([expect.objectContaining({ from: 'bot', outboxKey: `welcome:${member.id}:0`, deliveryStatus: 'sent' })])
    const row = await outboxModel(wecom.app.deps.db).findOne({ key: `welcome:${member.id}:0` }).lean<any>()
    expect(row).toMatchObject({ status: 'sent', channel: 'wecom' })
    expect((await eventually(async () => (await findMemberByIdentity(wecom.app.deps, 'wecom', 'wm_wang'))?.name)).toString()).toBe('王女士')
    const sendIndex = wecom.fake.requests.indexOf(welcome)
    expect(wecom.fake.requests.findIndex((r) => r.path === '/cgi-bin/externalcontact/get' && r.query.external_userid === 'wm_wang')).toBeGreaterThan(sendIndex)
  })

  it('a contact’s unionid from externalcontact/get is remembered, so the mini program finds the same member', async () => {
    wecom.fake.unionIds.set('wm_union', 'union-wm-0001')
    await postCallback(wecom.app, callbackDelivery(addContactXml({ externalId: 'wm_union', state: 'BJ01', welcomeCode: 'WC-UNION' })))
    const member = await eventually(() => findMemberByIdentity(wecom.app.deps, 'wecom', 'wm_union'))
    const linked = await eventually(async () => (await memberIdByUnionId(wecom.app.deps, 'union-wm-0001'))?.toHexString())
    expect(linked).toBe(member.id)
  })

  it('the same callback delivered three times (WeCom’s retries) gives one welcome and one coupon', async () => {
    const event = addContactXml({ externalId: 'wm_li', state: 'BJ01', welcomeCode: 'WC-LI' })
    const delivery = callbackDelivery(event)
    const answers = await Promise.all([postCallback(wecom.app, delivery), postCallback(wecom.app, delivery), postCallback(wecom.app, delivery)])
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200])
    await eventually(() => welcomesWith('WC-LI').length === 1)
    // The same event re-encrypted (a new nonce, as a later retry would be) is the same event too.
    await postCallback(wecom.app, callbackDelivery(event))
    await sleep(800)
    expect(welcomesWith('WC-LI')).toHaveLength(1)
    const member = (await findMemberByIdentity(wecom.app.deps, 'wecom', 'wm_li'))!
    const token = await wecom.app.staffToken(['admin'])
    expect((await wecom.app.request('GET', `/api/coupons?memberId=${member.id}`, { token })).body.items).toHaveLength(1)
    expect(await outboxModel(wecom.app.deps.db).countDocuments({ key: { $regex: `^welcome:${member.id}` } })).toBe(1)
  })

  it('an expired welcome code (41050) hands the welcome to a mass-message task instead', async () => {
    wecom.fake.expiredCodes.add('WC-LATE')
    await postCallback(wecom.app, callbackDelivery(addContactXml({ externalId: 'wm_late', welcomeCode: 'WC-LATE' })))
    const member = await eventually(() => findMemberByIdentity(wecom.app.deps, 'wecom', 'wm_late'))
    const planned = await eventually(() => wecomMassMessageModel(wecom.app.deps.db).findOne({ key: `welcome:${member.id}:0` }).lean<any>())
    expect(planned).toMatchObject({ externalId: 'wm_late', origin: 'welcome', status: 'planned' })
    expect(planned.text).toContain('满500减50')
    const row = await outboxModel(wecom.app.deps.db).findOne({ key: `welcome:${member.id}:0` }).lean<any>()
    expect(row).toMatchObject({ status: 'failed', lastError: 'welcome_code_expired' })
    const message = await conversationMessageModel(wecom.app.deps.db).findOne({ outboxKey: `welcome:${member.id}:0` }).lean<any>()
    expect(message.deliveryStatus).toBe('mass_task')
  })

  it('a customer deleting the staff member is recorded on the contact and in the conversation', async () => {
    await postCallback(wecom.app, callbackDelivery(addContactXml({ externalId: 'wm_zhao', welcomeCode: 'WC-ZHAO' })))
    await eventually(() => welcomesWith('WC-ZHAO').length)
    const removal = xml({ ToUserName: FAKE_CORP_ID, FromUserName: 'sys', CreateTime: Math.floor(Date.now() / 1000), MsgType: 'event', Event: 'change_external_contact', ChangeType: 'del_follow_user', UserID: SENDER, ExternalUserID: 'wm_zhao' })
    expect((await postCallback(wecom.app, callbackDelivery(removal))).status).toBe(200)
    const event = await eventually(() => wecomContactEventModel(wecom.app.deps.db).findOne({ externalId: 'wm_zhao', change: 'del_follow_user' }).lean<any>())
    expect(event.userId).toBe(SENDER)
    const conversation = await conversationModel(wecom.app.deps.db).findOne({ channel: 'wecom', externalId: 'wm_zhao' }).lean<any>()
    const note = await eventually(() => conversationMessageModel(wecom.app.deps.db).findOne({ conversationId: conversation._id, from: 'system' }).lean<any>())
    expect(note.text).toContain('客户已删除')
  })

  it('a contact added to another staff member is recorded but never welcomed in their name', async () => {
    await postCallback(wecom.app, callbackDelivery(addContactXml({ externalId: 'wm_other_staff', userId: 'wangwu', welcomeCode: 'WC-WANGWU' })))
    await eventually(() => wecomContactEventModel(wecom.app.deps.db).findOne({ externalId: 'wm_other_staff' }).lean())
    await sleep(300)
    expect(welcomesWith('WC-WANGWU')).toHaveLength(0)
    expect(await findMemberByIdentity(wecom.app.deps, 'wecom', 'wm_other_staff')).toBeNull()
  })
})

describe('WeCom callbacks with several instances', () => {
  it('a callback received by an API-only instance is worked off by the instance running the bot', async () => {
    const fake = await startFakeWecom()
    const dbName = `wecom_shared_${Date.now()}`
    const bot = await startTestApp({ dbName, env: wecomEnv(fake) })
    const api = await startTestApp({ dbName, env: wecomEnv(fake, { BOT_ENABLED: 'false' }) })
    try {
      const delivery = callbackDelivery(addContactXml({ externalId: 'wm_two', welcomeCode: 'WC-TWO' }))
      // WeCom retries may land on either instance.
      expect((await postCallback(api, delivery)).status).toBe(200)
      expect((await postCallback(bot, delivery)).status).toBe(200)
      await eventually(() => fake.calls('/cgi-bin/externalcontact/send_welcome_msg').length === 1, 5000, 'the welcome')
      await sleep(700)
      expect(fake.calls('/cgi-bin/externalcontact/send_welcome_msg')).toHaveLength(1)
    } finally {
      await api.stop()
      await bot.stop()
      await fake.close()
    }
  })
})
