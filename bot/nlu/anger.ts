const ANGRY_WORDS = /气死|生气|愤怒|火大|恼火|太差劲|差劲|垃圾|投诉你们|骗子|坑人|无语|恶心|滚|他妈|tmd|妈的|特么|卧槽|什么破|破医院|太过分|过分了|忍无可忍|受够了|烂透|再也不来|黑心|欺人太甚|要疯了|😡|🤬|💢|😤|👎/

/** The customer sounds angry: strong words, angry emoji, or a run of exclamation marks. */
export function isAngry(normalizedText: string): boolean {
  return ANGRY_WORDS.test(normalizedText) || /!\s*!\s*!/.test(normalizedText)
}
