import { existsSync, readdirSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Friendship, Message } from 'wechaty'
import { Sandbox } from '../../bot/channels/wechaty/sandbox.ts'
import { SandboxPuppet } from '../../bot/channels/wechaty/sandbox-puppet.ts'

/** Resolves with the next friend request the bot receives (or rejects after `ms`). */
function nextFriendship(sandbox: Sandbox, ms = 3000): Promise<Friendship> {
  return new Promise<Friendship>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no friendship event within ${ms}ms`)), ms)
    sandbox.bot.once('friendship', friendship => {
      clearTimeout(timer)
      resolve(friendship)
    })
  })
}

/** Next message the bot receives from someone else (the mock also echoes the bot's own sends as self messages). */
function nextIncomingMessage(sandbox: Sandbox, ms = 3000): Promise<Message> {
  return new Promise<Message>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no incoming message within ${ms}ms`)), ms)
    const onMessage = (msg: Message) => {
      if (msg.self()) return
      clearTimeout(timer)
      sandbox.bot.off('message', onMessage)
      resolve(msg)
    }
    sandbox.bot.on('message', onMessage)
  })
}

describe('sandbox: simulated customers talk to the real Wechaty bot', () => {
  let sandbox: Sandbox
  const errors: Error[] = []

  beforeEach(async () => {
    errors.length = 0
    sandbox = await Sandbox.start({ botName: 'CareDesk 测试诊所' })
    sandbox.bot.on('error', e => { errors.push(e) })
  })

  afterEach(async () => {
    await sandbox.stop()
    expect(errors).toEqual([])
  })

  it('logs in a bot user so bot.currentUser is the sandbox account', () => {
    expect(sandbox.bot.isLoggedIn).toBe(true)
    expect(sandbox.bot.currentUser.id).toBe(sandbox.botUserId)
    expect(sandbox.bot.currentUser.name()).toBe('CareDesk 测试诊所')
    expect(sandbox.puppet).toBeInstanceOf(SandboxPuppet)
  })

  it('a friend request reaches bot.on(friendship) with the hello text and the customer name', async () => {
    const alice = sandbox.createCustomer({ name: '王阿姨' })
    const event = nextFriendship(sandbox)

    sandbox.sendFriendRequest(alice.id, '你好，我想预约洗牙')
    const friendship = await event

    expect(friendship.type()).toBe(sandbox.bot.Friendship.Type.Receive)
    expect(friendship.hello()).toBe('你好，我想预约洗牙')
    expect(friendship.contact().id).toBe(alice.id)
    expect(friendship.contact().name()).toBe('王阿姨')
    expect(friendship.contact().friend()).toBe(false)
  })

  it('accepting a friend request makes the customer a friend', async () => {
    const alice = sandbox.createCustomer({ name: '王阿姨' })
    const event = nextFriendship(sandbox)
    sandbox.sendFriendRequest(alice.id, '你好')
    const friendship = await event
    expect(sandbox.isFriend(alice.id)).toBe(false)

    await friendship.accept()

    expect(sandbox.isFriend(alice.id)).toBe(true)
    expect(friendship.contact().friend()).toBe(true)
    const reloaded = await sandbox.bot.Contact.find({ id: alice.id })
    expect(reloaded?.friend()).toBe(true)
  })

  it('the bot can greet a newly accepted friend and the greeting lands in the transcript', async () => {
    sandbox.bot.on('friendship', async friendship => {
      if (friendship.type() !== sandbox.bot.Friendship.Type.Receive) return
      await friendship.accept()
      await friendship.contact().say('您好，这里是测试诊所客服')
    })
    const alice = sandbox.createCustomer({ name: '王阿姨' })

    sandbox.sendFriendRequest(alice.id, '你好')

    const greeting = await sandbox.waitForBotReply(alice.id, e => e.text.includes('客服'))
    expect(greeting.from).toBe('bot')
    expect(sandbox.isFriend(alice.id)).toBe(true)
  })

  it("a customer's text reaches bot.on(message) with the customer as talker and self() false", async () => {
    const alice = sandbox.createCustomer({ name: '王阿姨' })
    const incoming = nextIncomingMessage(sandbox)

    sandbox.customerSays(alice.id, '周六上午还有号吗？')
    const message = await incoming

    expect(message.text()).toBe('周六上午还有号吗？')
    expect(message.type()).toBe(sandbox.bot.Message.Type.Text)
    expect(message.self()).toBe(false)
    expect(message.talker().id).toBe(alice.id)
    expect(message.talker().name()).toBe('王阿姨')
    expect(message.listener()?.id).toBe(sandbox.botUserId)
    expect(message.room()).toBeUndefined()
  })

  it("the bot's message.say() reply appears in the customer's transcript after the customer's message", async () => {
    sandbox.bot.on('message', async message => {
      if (message.self()) return
      await message.say(`收到：${message.text()}`)
    })
    const alice = sandbox.createCustomer({ name: '王阿姨' })

    sandbox.customerSays(alice.id, '我要预约')
    const reply = await sandbox.waitForBotReply(alice.id)

    expect(reply.text).toBe('收到：我要预约')
    const transcript = sandbox.transcript(alice.id)
    expect(transcript.map(e => [e.from, e.text])).toEqual([
      ['customer', '我要预约'],
      ['bot', '收到：我要预约'],
    ])
    expect(transcript[0].at).toBeInstanceOf(Date)
    expect(transcript[1].at.getTime()).toBeGreaterThanOrEqual(transcript[0].at.getTime())
  })

  it("the bot's own sends come back to bot.on(message) as self() messages and are not customer input", async () => {
    const seen: Array<{ self: boolean; text: string }> = []
    sandbox.bot.on('message', async message => {
      seen.push({ self: message.self(), text: message.text() })
      if (!message.self()) await message.say('好的')
    })
    const alice = sandbox.createCustomer({ name: '王阿姨' })

    sandbox.customerSays(alice.id, '在吗')
    await sandbox.waitForBotReply(alice.id)
    await new Promise(resolve => setTimeout(resolve, 50))

    expect(seen).toEqual([
      { self: false, text: '在吗' },
      { self: true, text: '好的' },
    ])
  })

  it("two customers' transcripts stay separate", async () => {
    sandbox.bot.on('message', async message => {
      if (message.self()) return
      await message.say(`${message.talker().name()}，您说的是：${message.text()}`)
    })
    const alice = sandbox.createCustomer({ id: 'customer-alice', name: '王阿姨' })
    const bob = sandbox.createCustomer({ id: 'customer-bob', name: '李先生' })

    sandbox.customerSays(alice.id, '洗牙多少钱')
    sandbox.customerSays(bob.id, '拔智齿疼吗')
    await Promise.all([sandbox.waitForBotReply(alice.id), sandbox.waitForBotReply(bob.id)])

    expect(sandbox.transcript(alice.id).map(e => [e.from, e.text])).toEqual([
      ['customer', '洗牙多少钱'],
      ['bot', '王阿姨，您说的是：洗牙多少钱'],
    ])
    expect(sandbox.transcript(bob.id).map(e => [e.from, e.text])).toEqual([
      ['customer', '拔智齿疼吗'],
      ['bot', '李先生，您说的是：拔智齿疼吗'],
    ])
  })

  it('an image from a customer arrives with type Image and its file can be read', async () => {
    const alice = sandbox.createCustomer({ name: '王阿姨' })
    const incoming = nextIncomingMessage(sandbox)

    sandbox.customerSendsImage(alice.id)
    const message = await incoming

    expect(message.type()).toBe(sandbox.bot.Message.Type.Image)
    expect(message.talker().id).toBe(alice.id)
    const file = await message.toFileBox()
    expect(file.name).toBe('photo.png')
    expect((await file.toBuffer()).subarray(1, 4).toString()).toBe('PNG')
    expect(sandbox.transcript(alice.id)).toMatchObject([
      { from: 'customer', text: '[Image: photo.png]', type: sandbox.bot.Message.Type.Image },
    ])
  })

  it('waitForBotReply rejects with the transcript when the bot stays silent', async () => {
    const alice = sandbox.createCustomer({ name: '王阿姨' })
    sandbox.customerSays(alice.id, '有人吗')

    await expect(sandbox.waitForBotReply(alice.id, () => true, 100)).rejects.toThrow(/customer: 有人吗/)
  })

  it('rejects customer ids the mock would mistake for rooms, and duplicates', () => {
    expect(() => sandbox.createCustomer({ id: 'abc@chatroom', name: 'x' })).toThrow(/@/)
    sandbox.createCustomer({ id: 'customer-1', name: 'x' })
    expect(() => sandbox.createCustomer({ id: 'customer-1', name: 'y' })).toThrow(/already exists/)
    expect(() => sandbox.customerSays('nobody', 'hi')).toThrow(/unknown sandbox customer/)
  })
})

describe('sandbox lifecycle', () => {
  it('does not write memory-card files into the working directory', async () => {
    const before = readdirSync(process.cwd()).filter(f => f.endsWith('.memory-card.json'))
    const sandbox = await Sandbox.start()
    await sandbox.stop()
    const after = readdirSync(process.cwd()).filter(f => f.endsWith('.memory-card.json'))
    expect(after).toEqual(before)
    expect(existsSync('CareDesk.memory-card.json')).toBe(false)
  })

  it('leaves no timers behind after stop()', async () => {
    const timersBefore = process.getActiveResourcesInfo().filter(r => r === 'Timeout').length
    const sandbox = await Sandbox.start()
    sandbox.bot.on('message', async m => { if (!m.self()) await m.say('hi') })
    const alice = sandbox.createCustomer({ name: '王阿姨' })
    sandbox.customerSays(alice.id, 'hello')
    await sandbox.waitForBotReply(alice.id)
    await sandbox.stop()
    await new Promise(resolve => setImmediate(resolve))
    await new Promise(resolve => setImmediate(resolve))

    const timersAfter = process.getActiveResourcesInfo().filter(r => r === 'Timeout').length
    expect(timersAfter).toBeLessThanOrEqual(timersBefore)
  })

  it('refuses a bot that is not built on SandboxPuppet', async () => {
    const { WechatyBuilder } = await import('wechaty')
    const { PuppetMock } = await import('wechaty-puppet-mock')
    const bot = WechatyBuilder.build({ puppet: new PuppetMock() })
    await expect(Sandbox.start({ bot })).rejects.toThrow(/SandboxPuppet/)
  })
})
