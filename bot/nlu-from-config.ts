import type { Config } from '../platform/config.ts'
import type { Logger } from '../platform/log.ts'
import { createLlmClassifier, createNlu, type Nlu } from './nlu/index.ts'

/** Local rules, plus the OpenAI-compatible model for unsure messages when OPENAI_API_KEY is set. */
export function createNluFromConfig(config: Config, log: Logger): Nlu {
  const llm = config.OPENAI_API_KEY
    ? createLlmClassifier({
        apiKey: config.OPENAI_API_KEY,
        baseURL: config.OPENAI_BASE_URL,
        model: config.OPENAI_MODEL,
        timeoutMs: config.OPENAI_TIMEOUT_MS,
        onError: (err) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'language model unavailable; using local understanding'),
      })
    : null
  return createNlu({ llm })
}
