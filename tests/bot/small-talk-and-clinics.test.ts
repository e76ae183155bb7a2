import { describe, expect, it } from 'vitest'
import { welcomedCustomer } from '../helpers/sandbox-driver.ts'
import { useTestApp } from '../helpers/test-app.ts'

describe('small talk, greetings and clinics named by code or short name, through the sandbox', () => {
  const suite = useTestApp()

  const member = (name: string) => welcomedCustomer(suite.app, { name: name })

  /** The customer's conversation as the console sees it. */
  async function conversationOf(customer: Awaited<ReturnType<typeof member>>) {
    const { memberId } = await customer.member()
    const token = await suite.app.staffToken(['agent'])
    const res = await suite.app.request('GET', '/api/conversations?limit=500', { token })
    expect(res.status).toBe(200)
    const found = res.body.items.find((c: { memberId: string | null }) => c.memberId === memberId)
    expect(found).toBeDefined()
    return found as { status: string; reason: string | null }
  }

  it('out-of-domain lines, one after another, each get the menu of what the bot does and the chat stays with the bot', async () => {
    const customer = await member('周女士')
    for (const text of ['讲个笑话', '帮我写一首诗', '附近有什么好吃的', '今天天气怎么样', '推荐个好看的电影', '有什么股票推荐', '测试', '我在开车']) {
      const reply = await customer.sayAndWait(text, '我可以帮您')
      expect(reply.from).toBe('bot')
      expect(reply.text, text).toContain('帮不上忙')
      for (const item of ['优惠券', '积分', '预约', '报告', '投诉', '人工']) expect(reply.text, text).toContain(item)
      expect(reply.text, text).not.toMatch(/已为您转接|预约哪家|请问您想约/)
    }
    expect(await conversationOf(customer)).toMatchObject({ status: 'bot', reason: null })
  })

  it('gibberish twice in a row still hands the chat to a person, and small talk in between resets the count', async () => {
    const customer = await member('吴先生')
    await customer.sayAndWait('阿巴阿巴', '没太理解')
    await customer.sayAndWait('讲个笑话', '帮不上忙')
    await customer.sayAndWait('qwerty', '没太理解')
    expect((await conversationOf(customer)).status).toBe('bot')
    await customer.sayAndWait('咕噜咕噜', '转接人工客服')
    expect(await conversationOf(customer)).toMatchObject({ status: 'escalated', reason: 'not_understood' })
  })

  it.each(['下午好,打扰一下', '你好，在吗', '您好，我想咨询一下', '早上好，麻烦问下'])('a greeting with extra words (%s) is answered as a greeting with the menu', async (text) => {
    const customer = await member('郑女士')
    const reply = await customer.sayAndWait(text, '欢迎咨询')
    expect(reply.text).toContain('我可以帮您')
    expect(reply.text).not.toMatch(/哪一天|几点方便/)
    expect((await conversationOf(customer)).status).toBe('bot')
  })

  it('the booking form takes a clinic written as city and number (北京02) and files the appointment there', async () => {
    const customer = await member('冯先生')
    const confirm = await customer.sayAndWait('我想约北京02，明天下午3点，电话13912345678', '确认')
    expect(confirm.text).toContain('机构：北京海淀口腔医院')
    expect(confirm.text).toContain('15:00')
    const done = await customer.sayAndWait('确认', '预约申请已提交')
    expect(done.text).toContain('北京海淀口腔医院')
  })

  it('the booking form takes a change of clinic by short name (锦江眼科) or code (SH-01) at confirmation', async () => {
    const customer = await member('陈女士')
    await customer.sayAndWait('预约后天上午10点', '手机号码')
    const confirm = await customer.sayAndWait('13812345678', '确认')
    expect(confirm.text).toContain('机构：北京朝阳眼科中心') // the account's clinic, until told otherwise
    await customer.sayAndWait('机构改成锦江眼科', '机构：成都锦江眼科中心')
    await customer.sayAndWait('不对，还是SH-01吧', '机构：上海静安医疗美容医院')
    const done = await customer.sayAndWait('确认', '预约申请已提交')
    expect(done.text).toContain('上海静安医疗美容医院')
  })

  it('the complaint intake takes the clinic written as city and number, in the story (北京02) and as a correction (北京01)', async () => {
    const customer = await member('褚先生')
    await customer.sayAndWait('我要投诉，北京02的前台态度很差，问两句就不耐烦', '什么时候')
    await customer.sayAndWait('昨天上午', '哪位医生或工作人员')
    await customer.sayAndWait('前台的一位女士，希望道歉', '手机号码')
    const confirm = await customer.sayAndWait('13600005678', '请您核对')
    expect(confirm.text).toContain('机构：北京海淀口腔医院')
    await customer.sayAndWait('机构写错了，是北京01', '机构：北京朝阳眼科中心')
  })

  it.each([
    ['北京02', '北京海淀口腔医院'],
    ['锦江眼科', '成都锦江眼科中心'],
    ['静安医美在哪', '上海静安医疗美容医院'],
    ['上海那家几点开门', '上海静安医疗美容医院'],
  ])('a clinic named as %s is answered with that clinic’s address and hours', async (text, name) => {
    const customer = await member('卫女士')
    const reply = await customer.sayAndWait(text, '地址：')
    expect(reply.text.startsWith(name)).toBe(true)
    expect(reply.text).toMatch(/时间：.*\n.*电话：/)
  })
})
