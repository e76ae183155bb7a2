import { timingSafeEqual } from 'node:crypto'
import { decrypt, getSignature } from '@wecom/crypto'

/**
 * WeCom's callback envelope (developer.work.weixin.qq.com/document/path/91144): the body is
 * AES-256-CBC under Base64(EncodingAESKey + "="), signed with SHA-1 over the sorted token,
 * timestamp, nonce and ciphertext; the plaintext ends with the receive id, which for a
 * self-built app is our CorpID. @wecom/crypto does the cipher; checking the signature in constant
 * time and the receive id is ours to do.
 */

export class CallbackRejected extends Error {
  constructor(readonly reason: 'bad_signature' | 'bad_receive_id' | 'undecryptable' | 'malformed') {
    super(`WeCom callback rejected: ${reason}`)
    this.name = 'CallbackRejected'
  }
}

export interface CallbackSecrets {
  token: string
  encodingAesKey: string
  corpId: string
}

export function signatureMatches(secrets: CallbackSecrets, signature: string, timestamp: string, nonce: string, encrypted: string): boolean {
  const expected = Buffer.from(getSignature(secrets.token, timestamp, nonce, encrypted), 'utf8')
  const given = Buffer.from(signature.toLowerCase(), 'utf8')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/** Verifies and decrypts one ciphertext (a POST's <Encrypt>, or the URL check's echostr) into its message. */
export function openEnvelope(secrets: CallbackSecrets, query: { msg_signature: string; timestamp: string; nonce: string }, encrypted: string): string {
  if (!signatureMatches(secrets, query.msg_signature, query.timestamp, query.nonce, encrypted)) throw new CallbackRejected('bad_signature')
  let opened: { message: string; id: string }
  try {
    opened = decrypt(secrets.encodingAesKey, encrypted)
  } catch {
    throw new CallbackRejected('undecryptable')
  }
  // The library does not check whom the message was for: another corp's (or app's) message is not ours.
  if (opened.id !== secrets.corpId) throw new CallbackRejected('bad_receive_id')
  return opened.message
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/**
 * The fields of WeCom's flat XML (<xml><Tag><![CDATA[…]]></Tag>…</xml>) as a record. Nested
 * elements are not needed by any event CareDesk handles; their inner leaves come out flat.
 */
export function parseWecomXml(xml: string): Record<string, string> {
  const fields: Record<string, string> = {}
  const leaf = /<([A-Za-z_][\w.-]*)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g
  for (let match = leaf.exec(xml); match; match = leaf.exec(xml)) {
    const [, tag, cdata, text] = match
    if (tag === 'xml') continue
    fields[tag] = cdata ?? text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name])
  }
  return fields
}
