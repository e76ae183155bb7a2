/**
 * The layers (README → Layout): main → server, bot → core → platform. `npm test` runs this first
 * (`npm run lint:layers`); a violation fails the run with the import that broke the rule.
 */
module.exports = {
  forbidden: [
    { name: 'platform-stays-below', severity: 'error', comment: 'platform/ is plumbing: it knows no domain, no server and no bot', from: { path: '^platform/' }, to: { path: '^(core|server|bot)/' } },
    { name: 'core-knows-no-server-or-bot', severity: 'error', comment: 'core/ is shared by the bot and the server: it may use only platform/', from: { path: '^core/' }, to: { path: '^(server|bot)/' } },
    { name: 'server-and-bot-are-siblings', severity: 'error', comment: 'the server reaches the bot only through what the wiring (caredesk.ts) hands it', from: { path: '^server/' }, to: { path: '^bot/' } },
    { name: 'bot-and-server-are-siblings', severity: 'error', from: { path: '^bot/' }, to: { path: '^server/' } },
    {
      name: 'miniprogram-stands-alone',
      severity: 'error',
      comment: 'the mini program runs in WeChat: it may take types from the server, never code',
      from: { path: '^miniprogram/' },
      to: { pathNot: '^(miniprogram/|node_modules/(tdesign-miniprogram|miniprogram-api-typings)/)', dependencyTypesNot: ['type-only'] },
    },
    { name: 'nothing-imports-the-wiring', severity: 'error', from: { pathNot: '^(main\\.ts|tests/|bench/|scripts/)' }, to: { path: '^(caredesk|main)\\.ts$' } },
    // Our own files only: some packages (wechaty) publish exports the cruiser's resolver cannot read.
    { name: 'no-unresolvable-imports', severity: 'error', from: {}, to: { couldNotResolve: true, path: '^[.]' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|server/console/dist|miniprogram/dist)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.json'] },
  },
}
