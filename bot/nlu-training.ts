import { intentExamples } from '../core/quality/suggestions.ts'
import type { Deps } from '../platform/deps.ts'
import { retrainWithExamples } from './nlu/local-nlu.ts'

/**
 * The local model learns the messages supervisors marked as examples of an intent (服务质量 →
 * 热点问题) at each start: never silently — the log says how many it used.
 */
export async function trainWithSupervisorExamples(deps: Pick<Deps, 'db' | 'log'>): Promise<number> {
  const examples = await intentExamples(deps)
  if (!examples.length) return 0
  const used = retrainWithExamples(examples)
  deps.log.info({ examples: used, ignored: examples.length - used }, 'local understanding trained with the examples supervisors added')
  return used
}
