import { createApp } from 'vue'
import 'tdesign-vue-next/es/style/index.css' // TDesign's design tokens; each component brings its own styles
import App from './App.vue'
import { startRouter } from './router.ts'
import './styles.css'

startRouter()
createApp(App).mount('#app')
