import { describe, expect, it } from 'vitest'
import { newSandboxCustomer } from '../helpers/sandbox-driver.ts'
import { useTestApp } from '../helpers/test-app.ts'

describe('chatting with the bot through the sandbox', () => {
  const suite = useTestApp()

  async function member(name = '张女士') {
    const customer = await newSandboxCustomer(suite.app, { name })
    await customer.addAccount('你好，我想咨询一下')
    await customer.waitFor((line) => line.text.includes('满500减50'))
    return customer
  }

  it('a friend request is accepted and the customer becomes a member with a welcome', async () => {
    const customer = await newSandboxCustomer(suite.app, { name: '李先生' })
    await customer.addAccount('想了解配镜')
    const welcome = await customer.waitFor((line) => line.text.includes('欢迎'))
    expect(welcome.from).toBe('bot')
    expect((await customer.member()).memberId).toMatch(/^[0-9a-f]{24}$/)
  })

  it.each([
    ['greeting', '你好', /欢迎咨询/],
    ['thanks', '好的，谢谢你们', /不客气/],
    ['clinic_info', '你们地址在哪里，几点开门？', /地址：.*\n.*时间：/],
    ['coupon_query', '我有什么优惠券吗', /券/],
    ['points_query', '我的积分有多少', /积分/],
    ['report_query', '我上周的检查报告出来了吗', /核实身份/],
    ['other', '今天天气怎么样', /我可以帮您/],
  ])('%s is answered', async (_intent, text, expected) => {
    const customer = await member()
    await customer.say(text)
    const reply = await customer.waitFor((line) => expected.test(line.text))
    expect(reply.from).toBe('bot')
  })

  it('an emergency gets urgent advice at once with the clinic’s emergency phone, and goes to the top of the queue', async () => {
    const customer = await member()
    const reply = await customer.sayAndWait('我做完手术眼睛突然剧痛，还流血了怎么办', '急诊')
    expect(reply.text).toContain('120')
    expect(reply.text).toMatch(/急诊电话：010-8555 0120/)
    const token = await suite.app.staffToken(['agent'])
    const queue = await suite.app.request('GET', '/api/conversations?status=escalated', { token })
    expect(queue.body.items[0]).toMatchObject({ reason: 'emergency', priority: 0 })
  })

  it('asking for a person escalates and tells the customer they are queued', async () => {
    const customer = await member()
    await customer.sayAndWait('转人工', '已为您转接人工客服')
    const token = await suite.app.staffToken(['agent'])
    const queue = await suite.app.request('GET', '/api/conversations?status=escalated&limit=100', { token })
    expect(queue.body.items.some((c: { reason: string; memberId: string }) => c.reason === 'customer_asked')).toBe(true)
  })

  it('two misunderstandings in a row hand the chat to a person', async () => {
    const customer = await member()
    await customer.sayAndWait('阿巴阿巴', '我可以帮您')
    await customer.sayAndWait('咕噜咕噜', '转接人工客服')
  })

  it('images get a polite reply that an agent will look, and are escalated', async () => {
    const customer = await member()
    await customer.sendImage()
    await customer.waitFor((line) => line.text.includes('收到您的图片'))
  })

  it('opting out is recorded on the member and confirmed', async () => {
    const customer = await member()
    await customer.sayAndWait('以后别再给我发广告了，退订', '退订')
    const { memberId } = await customer.member()
    const token = await suite.app.staffToken(['marketing'])
    const res = await suite.app.request('GET', `/api/members/${memberId}`, { token })
    expect(res.body.optedOut).toBe(true)
  })

  it('an appointment is collected over several turns, answers in any order, and confirmed', async () => {
    const customer = await member('王小明')
    const ask = await customer.sayAndWait('我想预约明天下午3点', '手机号码')
    expect(ask.text).toContain('手机号码')
    const confirm = await customer.sayAndWait('13912345678', '确认')
    expect(confirm.text).toMatch(/日期：\d+月\d+日/)
    expect(confirm.text).toContain('15:00')
    expect(confirm.text).toContain('139****5678')
    await customer.sayAndWait('时间改成上午10点', '10:00')
    await customer.sayAndWait('确认', '预约申请已提交')
  })

  it('cancel words end a dialog', async () => {
    const customer = await member()
    await customer.sayAndWait('我要预约', '哪一天')
    await customer.sayAndWait('算了', '已为您取消')
  })
})
