import { createHmac, timingSafeEqual } from 'node:crypto'

export interface TokenClaims {
  sub: string
  iat: number
  exp: number
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/**
 * Signed, expiring bearer tokens: `<kind>.<claims>.<HMAC-SHA256>`. The kind is signed with the
 * claims, so a member token (`m1`) can never pass for a staff token (`v1`) or the other way round.
 */
export function createTokenSigner(secret: string, kind: 'v1' | 'm1' = 'v1') {
  const sign = (data: string) => createHmac('sha256', secret).update(data).digest()
  return {
    /** The HMAC of other data under the same key (the member code's check digits). */
    mac: (data: string): Buffer => sign(`${kind}:${data}`),
    issue(subject: string, now: Date, ttlHours: number): { token: string; expiresAt: Date } {
      const iat = Math.floor(now.getTime() / 1000)
      const claims: TokenClaims = { sub: subject, iat, exp: iat + ttlHours * 3600 }
      const body = `${kind}.${encode(claims)}`
      return { token: `${body}.${sign(body).toString('base64url')}`, expiresAt: new Date(claims.exp * 1000) }
    },
    /** The claims of a valid, unexpired token; null for anything else. */
    verify(token: string, now: Date): TokenClaims | null {
      const parts = token.split('.')
      if (parts.length !== 3 || parts[0] !== kind) return null
      const expected = sign(`${parts[0]}.${parts[1]}`)
      const given = Buffer.from(parts[2], 'base64url')
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
      try {
        const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as TokenClaims
        return typeof claims.sub === 'string' && claims.exp * 1000 > now.getTime() ? claims : null
      } catch {
        return null
      }
    },
  }
}

export type TokenSigner = ReturnType<typeof createTokenSigner>
