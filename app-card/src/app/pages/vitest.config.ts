import { defineConfig } from 'vitest/config';

// The app home page's test project. Root `npm test` runs it through the root config's
// `test.projects`; `npm test -w journey-stages-pages` runs it alone.
export default defineConfig({
  // Vite 8 transforms TSX with oxc; the automatic runtime needs no React import
  // in each component, as in HubSpot's card templates (tsconfig "jsx": "react-jsx").
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  test: {
    name: 'pages',
    root: import.meta.dirname,
    include: ['__test__/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
});
