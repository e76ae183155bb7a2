/**
 * SandboxPuppet: wechaty-puppet-mock with working friend requests.
 *
 * PuppetMock's friendship support is a stub: `friendshipRawPayload(id)`
 * returns `{ id }` (no contactId / hello / type), so a Wechaty `friendship`
 * handler cannot call `friendship.contact()` or `accept()`. This subclass
 * keeps real friendship payloads and makes `friendshipAccept()` turn the
 * requester into a friend. Everything else is PuppetMock as shipped.
 */
import { randomUUID } from 'node:crypto'
import { types, type payloads } from 'wechaty'
import { PuppetMock } from 'wechaty-puppet-mock'

export type SandboxFriendshipPayload = payloads.FriendshipReceive

export class SandboxPuppet extends PuppetMock {
  private readonly friendships = new Map<string, SandboxFriendshipPayload>()

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
