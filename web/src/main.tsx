import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App.js';
import { readServerData } from './ssr/data.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// A page the server rendered (decision 0019) is hydrated: the HTML stays on screen and becomes the app.
const data = readServerData();
const app = (
  <StrictMode>
    <BrowserRouter>
      <App data={data} />
    </BrowserRouter>
  </StrictMode>
);
if (data) hydrateRoot(root, app);
else createRoot(root).render(app);
