/**
 * SandboxPuppet: wechaty-puppet-mock with working friend requests.
 *
 * PuppetMock's friendship support is a stub: `friendshipRawPayload(id)`
 * returns `{ id }` (no contactId / hello / type), so a Wechaty `friendship`
 * handler cannot call `friendship.contact()` or `accept()`. This subclass
 * keeps real friendship payloads and makes `friendshipAccept()` turn the
 * requester into a friend. PuppetMock also drops mini-program cards (its
 * `messageSendMiniProgram` only logs): here the card reaches the customer's
 * chat as a MiniProgram message whose payload `messageMiniProgram()` answers,
 * so the sandbox transcript shows it. Everything else is PuppetMock as shipped.
 */
import { randomUUID } from 'node:crypto'
import { types, type payloads } from 'wechaty'
import { PuppetMock } from 'wechaty-puppet-mock'

export type SandboxFriendshipPayload = payloads.FriendshipReceive

export class SandboxPuppet extends PuppetMock {
  private readonly friendships = new Map<string, SandboxFriendshipPayload>()
  private readonly miniPrograms = new Map<string, payloads.MiniProgram>()

  /**
   * Simulate "contact `contactId` asked to add the bot as a friend":
   * stores the payload and emits the puppet `friendship` event, which Wechaty
   * turns into `bot.on('friendship', friendship)` (type Receive).
   * The contact must already exist in the mocker (`mocker.createContact`).
   */
  receiveFriendRequest(contactId: string, hello = '', ticket?: string): string {
    this.mocker.contactPayload(contactId) // throws if the contact is unknown
    const id = `friendship-${randomUUID()}`
    this.friendships.set(id, {
      id,
      contactId,
      hello,
      ticket: ticket ?? id,
      timestamp: Date.now(),
      type: types.Friendship.Receive,
    })
    this.emit('friendship', { friendshipId: id })
    return id
  }

  override async messageSendMiniProgram(conversationId: string, miniProgram: payloads.MiniProgram): Promise<void> {
    if (!this.isLoggedIn) throw new Error('not logged in')
    const id = `mini-program-${randomUUID()}`
    this.miniPrograms.set(id, { ...miniProgram }) // before the message exists: the transcript reads it at once
    const message = { id, talkerId: this.currentUserId, listenerId: conversationId, timestamp: Date.now(), type: types.Message.MiniProgram }
    this.mocker.MessageMock.create(message) // the mocker tells both contacts: the customer's chat shows it
    this.emit('message', { messageId: id })
  }

  override async messageMiniProgram(messageId: string): Promise<payloads.MiniProgram> {
    return this.miniPrograms.get(messageId) ?? super.messageMiniProgram(messageId)
  }

  /** The card a MiniProgram message carried (sent through this puppet), if any. */
  sentMiniProgram(messageId: string): payloads.MiniProgram | undefined {
    return this.miniPrograms.get(messageId)
  }

  override async friendshipRawPayload(id: string): Promise<SandboxFriendshipPayload> {
    const payload = this.friendships.get(id)
    if (!payload) throw new Error(`SandboxPuppet: no friendship payload for id ${id}`)
    return payload
  }

  override async friendshipRawPayloadParser(raw: SandboxFriendshipPayload): Promise<payloads.Friendship> {
    return raw
  }

  override async friendshipAccept(friendshipId: string): Promise<void> {
    const request = await this.friendshipRawPayload(friendshipId)
    const contact = this.mocker.ContactMock.load(request.contactId)
    contact.payload = { ...contact.payload, friend: true }
    this.mocker.contactPayload(contact.id, contact.payload)
    // Invalidate the puppet's cached contact payload; Wechaty's own `dirty`
    // handler then reloads the Contact, so `contact.friend()` becomes true.
    await this.contactPayloadDirty(contact.id)
  }
}
