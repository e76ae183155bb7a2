/** Every customer-facing sentence of the quality area. */
export const ratingCopy = {
  question: '请问您对本次人工服务满意吗？回复 1-5 分',
  thanks: (score: number) =>
    score <= 2 ? '感谢您的反馈，给您带来不好的体验非常抱歉，我们会认真改进。如需继续帮助，回复“人工”即可。' : '感谢您的评价！我们会继续努力为您提供更好的服务😊',
}
