import { findConversationByCustomer } from '../../../core/conversations/service.ts'
import { identityKey } from '../../../core/members/model.ts'
import { rememberUnionId } from '../../../core/members/unions.ts'
import type { Deps } from '../../../platform/deps.ts'
import type { WecomApiClient } from '../../../platform/wecom/api-client.ts'

type BatchGetAnswer = { customer_list?: Array<{ external_userid?: string; nickname?: string; unionid?: string }> }

/**
 * The customer's WeChat nickname (kf/customer/batchget), once per customer per process; the
 * lookup also remembers the customer's unionid for the mini program.
 */
export function createCustomerNames(deps: Deps, client: WecomApiClient): (externalId: string) => Promise<string> {
  const names = new Map<string, string>()
  return async function customerName(externalId) {
    const known = names.get(externalId)
    if (known !== undefined) return known
    const conversation = await findConversationByCustomer(deps.db, 'kf', externalId)
    let name = conversation?.customerName ?? ''
    if (!name) {
      try {
        const answer = await client.post<BatchGetAnswer>('/cgi-bin/kf/customer/batchget', { external_userid_list: [externalId] })
        const customer = answer.customer_list?.find((c) => c.external_userid === externalId)
        name = customer?.nickname ?? ''
        await rememberUnionId(deps, customer?.unionid, identityKey('kf', externalId))
      } catch (err) {
        deps.log.debug({ err: err instanceof Error ? err.message : String(err) }, '微信客服 customer lookup failed')
      }
    }
    names.set(externalId, name)
    return name
  }
}
