/** 常用语: each agent's short list of ready replies, kept in this browser (localStorage). */
import { ref, watch } from 'vue'

const KEY = 'caredesk.quickReplies'
export const DEFAULT_QUICK_REPLIES = [
  '您好，我是客服，很高兴为您服务，请问有什么可以帮您？',
  '好的，我马上为您查询，请稍等。',
  '非常抱歉给您带来不便，我们会尽快处理并给您答复。',
  '请问您方便留一下联系电话吗？我们安排专人与您联系。',
  '感谢您的耐心等待，还有其他可以帮您的吗？',
]

function load(): string[] {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as unknown
    if (Array.isArray(saved) && saved.every((item) => typeof item === 'string')) return saved
  } catch {
    /* fall back to the defaults */
  }
  return [...DEFAULT_QUICK_REPLIES]
}

export const quickReplies = ref<string[]>(load())
watch(quickReplies, (list) => localStorage.setItem(KEY, JSON.stringify(list)), { deep: true })

/** From the edit box: one reply a line, blanks dropped. */
export function setQuickReplies(text: string) {
  quickReplies.value = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(0, 30)
}
