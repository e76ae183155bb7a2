/**
 * The templates seeded when missing. Domain §5: yesterday's visitors are surveyed by visit type
 * (到诊未消费 / 非手术消费 / 手术消费); later touchpoints follow surgery, recovery and courses. Seed
 * 004 (the file the brief names) turned out to be a press article about a bank, not a survey form,
 * so the questions follow the usual clinic 回访 practice: an overall 1–5 score first (the figure the
 * Friday report is built on), a service score, one single-choice question about the visit, and
 * an open comment last. `{clinic}` and `{date}` in the intro are filled in when sending.
 */
import type { TemplateDoc } from './model.ts'

/** What a template says; the stored version adds its number and who made it when. */
export type TemplateContent = Pick<TemplateDoc, 'key' | 'name' | 'visitType' | 'delayDays' | 'intro' | 'thanks' | 'questions'>

const answerHint = '直接回复数字或文字就可以，不想回答的题目回复“跳过”即可。'
const opener = '您好，我是{clinic}的客服小助手😊 '

const options = (...labels: Array<string | [string, 'follow_up']>) =>
  labels.map((label, i) => (typeof label === 'string' ? { id: `o${i + 1}`, label } : { id: `o${i + 1}`, label: label[0], followUp: true }))

export const DEFAULT_TEMPLATES: TemplateContent[] = [
  {
    key: 'no_spend',
    name: '到诊未消费回访',
    visitType: 'no_spend',
    delayDays: 1,
    intro: `${opener}感谢您{date}抽空来院咨询！为了把服务做得更好，想占用您一分钟做个简短回访，${answerHint}`,
    thanks: '感谢您抽出宝贵时间参与回访！之后有任何疑问，随时给我们留言，祝您生活愉快😊',
    questions: [
      { id: 'q1', kind: 'score', text: '总体来说，您对这次来院咨询的体验满意吗？' },
      { id: 'q2', kind: 'score', text: '接待您的咨询师或医生，讲解得是否清楚、耐心？' },
      { id: 'q3', kind: 'choice', text: '这次暂时没有安排治疗，主要是因为？', options: options('还想再了解、考虑一下', '价格方面有顾虑', '医生建议暂时不需要', '等候时间太长了', '其他原因') },
      { id: 'q4', kind: 'text', text: '您还有什么意见或建议想告诉我们吗？' },
    ],
  },
  {
    key: 'non_surgical',
    name: '非手术消费回访',
    visitType: 'non_surgical',
    delayDays: 1,
    intro: `${opener}感谢您{date}来院治疗！想请您花一分钟做个简短回访，帮助我们把服务做得更好，${answerHint}`,
    thanks: '感谢您的宝贵意见！治疗后如有任何不适或疑问，随时留言或致电门诊，祝您健康愉快😊',
    questions: [
      { id: 'q1', kind: 'score', text: '总体来说，您对这次治疗的服务满意吗？' },
      { id: 'q2', kind: 'score', text: '医护人员的服务态度和专业程度，您给几分？' },
      { id: 'q3', kind: 'choice', text: '这次就诊，您最满意的是哪一方面？', options: options('治疗效果', '医护人员专业耐心', '环境干净舒适', '等候时间短', '价格透明合理') },
      { id: 'q4', kind: 'text', text: '还有什么地方是我们可以做得更好的吗？欢迎提出您的意见或建议。' },
    ],
  },
  {
    key: 'surgical',
    name: '手术消费回访',
    visitType: 'surgical',
    delayDays: 1,
    intro: `${opener}感谢您{date}选择在我们这里手术，您辛苦了！想占用您一分钟了解一下您的感受和术后情况，${answerHint}`,
    thanks: '感谢您的反馈！术后请按医嘱用药、按时复查，如出现明显疼痛、红肿、出血或其他异常，请及时联系我们或就近急诊。祝您早日康复🌷',
    questions: [
      { id: 'q1', kind: 'score', text: '总体来说，您对这次手术的整体服务满意吗？' },
      { id: 'q2', kind: 'score', text: '术前医生对手术方案、风险和注意事项讲解得清楚吗？' },
      { id: 'q3', kind: 'choice', text: '术后目前感觉怎么样？', options: options('恢复顺利，没有明显不适', '有轻微不适，在可以接受的范围', ['不适比较明显，希望医生联系我', 'follow_up']) },
      { id: 'q4', kind: 'text', text: '对这次手术和就诊过程，您还有什么意见或建议吗？' },
    ],
  },
  {
    key: 'post_surgery',
    name: '术后一周回访',
    visitType: 'surgical',
    delayDays: 7,
    intro: `${opener}您{date}的手术已经一周啦，想关心一下您的恢复情况，只需一分钟，${answerHint}`,
    thanks: '谢谢您的配合！恢复期请注意休息、遵医嘱护理，有任何不适随时联系我们，祝您早日康复🌷',
    questions: [
      { id: 'q1', kind: 'score', text: '对目前的术后恢复情况，您满意吗？' },
      { id: 'q2', kind: 'choice', text: '现在身体感觉怎么样？', options: options('恢复得很好', '有轻微不适，还能接受', ['不适比较明显，希望医生联系我', 'follow_up']) },
      { id: 'q3', kind: 'choice', text: '您是否按医嘱按时用药、复查？', options: options('都按时做到了', '有时会忘记', ['还没有复查，想预约时间', 'follow_up']) },
      { id: 'q4', kind: 'text', text: '关于术后恢复，您还有什么疑问或需要我们帮忙的吗？' },
    ],
  },
  {
    key: 'post_recovery',
    name: '术后一个月回访',
    visitType: 'surgical',
    delayDays: 30,
    intro: `${opener}距离您{date}的手术已经一个月了，想了解一下您对手术效果的感受，只需一分钟，${answerHint}`,
    thanks: '感谢您一路以来的信任！之后有任何需要，随时找我们，祝您身体健康、生活愉快😊',
    questions: [
      { id: 'q1', kind: 'score', text: '对这次手术的效果，您满意吗？' },
      { id: 'q2', kind: 'score', text: '恢复期间我们的随访和关怀，您给几分？' },
      { id: 'q3', kind: 'choice', text: '您愿意把我们推荐给亲友吗？', options: options('非常愿意', '可能会', '暂时不会') },
      { id: 'q4', kind: 'text', text: '最后，您还有什么想对医生或我们说的吗？' },
    ],
  },
  {
    key: 'post_course',
    name: '疗程两周回访',
    visitType: 'non_surgical',
    delayDays: 14,
    intro: `${opener}您{date}的治疗已经过去两周啦，想了解一下疗程效果和您的感受，只需一分钟，${answerHint}`,
    thanks: '感谢您的反馈！如需预约下一次治疗或咨询医生，直接回复“预约”就可以，祝您生活愉快😊',
    questions: [
      { id: 'q1', kind: 'score', text: '对这段时间的治疗效果，您满意吗？' },
      { id: 'q2', kind: 'choice', text: '接下来的疗程您有什么打算？', options: options('会按计划继续', '还在考虑', '暂时不打算继续', ['想先请医生联系我，再做决定', 'follow_up']) },
      { id: 'q3', kind: 'text', text: '对治疗效果或服务，您还有什么意见或建议吗？' },
    ],
  },
]
