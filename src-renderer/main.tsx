import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/app.js'
import { startApp } from './app/start.js'
import { createTransport } from './transport/index.js'
import './styles/app.css'

const transport = createTransport()
startApp(transport)

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App api={transport.api} />
    </StrictMode>,
  )
}
