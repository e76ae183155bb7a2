import { describe, expect, it } from 'vitest'
import { welcomedCustomer } from '../helpers/sandbox-driver.ts'
import { useTestApp } from '../helpers/test-app.ts'

describe('complaint intake by chat', () => {
  const suite = useTestApp()

  const member = (name: string) => welcomedCustomer(suite.app, { name: name })

  it('listens first, collects the form in any order, takes a correction, confirms, and files the case with its number and first-contact date', async () => {
    const customer = await member('孙女士')
    const first = await customer.sayAndWait('我要投诉，上周在你们那配的眼镜戴了两天镜腿就断了，太让人失望了', '什么时候')
    expect(first.text.indexOf('请您慢慢说')).toBeLessThan(first.text.indexOf('什么时候')) // empathy before questions

    await customer.sayAndWait('11月16日下午', '哪位医生或工作人员')
    await customer.say('不清楚，一个戴眼镜的男店员，希望退款并道歉') // two answers in one message
    await customer.waitFor((line) => line.text.includes('手机号码'))
    const confirm = await customer.sayAndWait('13600001234', '请您核对')
    expect(confirm.text).toContain('诉求：道歉、退款')
    expect(confirm.text).toContain('机构：北京朝阳眼科中心')

    await customer.say('机构不对，是锦江眼科') // a correction
    const corrected = await customer.waitFor((line) => line.text.includes('成都锦江眼科中心'))
    expect(corrected.text).toContain('136****1234')
    const filed = await customer.sayAndWait('确认', '投诉编号')
    const number = /CD01\d{8}/.exec(filed.text)?.[0]
    expect(number).toMatch(/^CD0120261[0-2]\d{2}$/)
    expect(filed.text).toMatch(/会在\d+月\d+日.*前与您联系/)
    expect(first.from).toBe('bot')

    const supervisor = await suite.app.staffToken(['supervisor'])
    const caseView = await suite.app.request('GET', `/api/complaints/${number}`, { token: supervisor })
    expect(caseView.status).toBe(200)
    expect(caseView.body).toMatchObject({ number, clinicCode: 'CD01', channel: 'chat', memberId: (await customer.member()).memberId })
    expect(caseView.body.wants).toEqual(expect.arrayContaining(['apology', 'refund']))

    await customer.say(`我的投诉 ${number} 处理得怎么样了`)
    const status = await customer.waitFor((line) => line.text.includes(number!) && !line.text.includes('投诉编号是'))
    expect(status.text).toContain('前与您联系')
  })

  it('a cancel word ends the intake without filing anything', async () => {
    const customer = await member('钱先生')
    await customer.sayAndWait('我要投诉', '发生了什么')
    await customer.sayAndWait('算了', '已为您取消')
    const supervisor = await suite.app.staffToken(['supervisor'])
    const list = await suite.app.request('GET', `/api/complaints?memberId=${(await customer.member()).memberId}`, { token: supervisor })
    expect(list.body.total).toBe(0)
  })

  it('someone else’s case number is answered as unknown', async () => {
    const customer = await member('周女士')
    await customer.sayAndWait('帮我查下投诉 BJ0120261199 的进度', '没有查到编号为 BJ0120261199')
  })
})
