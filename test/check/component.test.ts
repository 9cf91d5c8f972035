/**
 * Single-file components (`.vue`, `.mpx`): which `<script>` blocks are read, and that findings
 * and parse errors come at the component file's own line and column. Each case also runs
 * through ESLint with vue-eslint-parser (the uni-app setup of docs/checker.md), which must
 * report the very same.
 */
import { checkSource, isCloudIdError } from '../../src/check';
import { componentScript } from '../../src/check/component';
import { comparable, eslintDiagnostics } from './eslint-face';

const NESTED = `uni.cloud.callFunction({ name: 'join', data: { group: { shareInfo: uni.cloud.CloudID(res.cloudID) } } })`;
const COLUMN = NESTED.indexOf('uni.cloud.CloudID') + 1;

/** `line:column path` of each finding, checked against ESLint's. */
function found(code: string, filename = 'page.vue'): string[] {
  const diagnostics = checkSource(code, filename);
  expect(eslintDiagnostics(code, filename)).toEqual(comparable(diagnostics));
  return diagnostics.map((diagnostic) => `${diagnostic.line}:${diagnostic.column} ${diagnostic.path}`);
}

describe('which <script> blocks are read', () => {
  test.each([
    ['a plain <script>', '<script>'],
    ['<script setup>', '<script setup>'],
    ['lang="ts"', '<script lang="ts">'],
    ['<script setup lang="ts">', '<script setup lang="ts">'],
    ['lang="tsx"', `<script lang='tsx'>`],
    ['lang="js"', '<script lang=js>'],
    ['type="module"', '<script type="module">'],
    ['type="text/javascript", upper case', '<SCRIPT TYPE="text/javascript">'],
  ])('%s', (_name, open) => {
    const close = open.startsWith('<SCRIPT') ? '</SCRIPT>' : '</script>';
    expect(checkSource(`<template>\n  <view />\n</template>\n${open}\n${NESTED}\n${close}\n`, 'page.vue').map((d) => `${d.line}:${d.column}`)).toEqual([`5:${COLUMN}`]);
  });

  test.each([
    ['type="application/json" (mpx page configuration)', '<script type="application/json">'],
    ['mpx <script name="json"> (configuration computed at build time)', '<script name="json">'],
    ['a language other than JavaScript or TypeScript', '<script lang="coffee">'],
    ['a template type', '<script type="text/x-template">'],
  ])('not %s', (_name, open) => {
    expect(checkSource(`<template><view /></template>\n${open}\n${NESTED}\n</script>\n`, 'page.mpx')).toEqual([]);
  });

  test('not a <script> inside the template, nested templates or an HTML comment; not <style> or custom blocks', () => {
    const code = `<template>
  <view>
    <template v-if="a"><template v-for="x in xs"><text>{{ x }}</text></template></template>
    <script>${NESTED}</script>
  </view>
</template>
<!-- <script>${NESTED}</script> -->
<i18n>{ "script": "<script>${NESTED.replace(/"/g, '')}</script>" }</i18n>
<style>.a::after { content: "<script>" }</style>
<script>
export default { methods: { join(res) { ${NESTED} } } }
</script>
`;
    expect(found(code)).toEqual([`11:${'export default { methods: { join(res) { '.length + COLUMN} group.shareInfo`]);
  });

  test('<script> and <script setup> are one module: a name declared in one is known in the other', () => {
    const code = `<script>
const cloud = uni.cloud
export default { name: 'Join' }
</script>

<template><button @tap="join">Join</button></template>

<script setup>
function join(res) {
  cloud.callFunction({ name: 'join', data: { group: { shareInfo: cloud.CloudID(res.cloudID) } } })
}
</script>
`;
    expect(found(code)).toEqual([`10:66 group.shareInfo`]);
  });

  test('a component without a script block, an empty one, one with src: nothing to check', () => {
    expect(componentScript('<template><view>callFunction CloudID</view></template>')).toBeUndefined();
    expect(checkSource('<template><view>wx.cloud.callFunction wx.cloud.CloudID</view></template>', 'page.vue')).toEqual([]);
    expect(checkSource('<script src="./page.js"></script>\n<!-- callFunction CloudID -->', 'page.vue')).toEqual([]);
    expect(checkSource('<script></script>\n<!-- callFunction CloudID -->', 'page.vue')).toEqual([]);
  });
});

describe("positions are the component file's own", () => {
  test('after a template of CRLF lines, on the same line as the opening tag, after a byte order mark', () => {
    const crlf = `\uFEFF<template>\r\n  <view>\r\n    <text>hi</text>\r\n  </view>\r\n</template>\r\n\r\n<script>\r\n${NESTED}\r\n</script>\r\n`;
    expect(found(crlf)).toEqual([`8:${COLUMN} group.shareInfo`]);
    const inline = `<template><view /></template>\n<script>${NESTED}</script>\n`;
    expect(found(inline)).toEqual([`2:${'<script>'.length + COLUMN} group.shareInfo`]);
  });

  test('two blocks: each at its own place', () => {
    const code = `<script lang="ts">\nexport const a = 1\n</script>\n<template>\n  <view />\n</template>\n<script setup lang="ts">\nconst id: string = '1'\n    ${NESTED}\n</script>\n`;
    expect(found(code)).toEqual([`9:${4 + COLUMN} group.shareInfo`]);
  });

  test('a script that does not parse: the error at the file line and column', () => {
    const code = `<template>\n  <view />\n</template>\n<script>\nexport default {\n  methods: { join() { uni.cloud.callFunction({ data: { a: uni.cloud.CloudID(x) } ) } }\n}\n</script>\n`;
    let error: unknown;
    try {
      checkSource(code, 'pages/join.vue');
    } catch (thrown) {
      error = thrown;
    }
    expect(isCloudIdError(error) && error.code).toBe('SOURCE_SYNTAX_ERROR');
    expect(error).toMatchObject({ filename: 'pages/join.vue', line: 6, column: '  methods: { join() { uni.cloud.callFunction({ data: { a: uni.cloud.CloudID(x) } '.length + 1 });
  });

  test('an unclosed <script> runs to the end of the file', () => {
    expect(checkSource(`<template><view /></template>\n<script>\n${NESTED}\n`, 'page.vue').map((d) => d.line)).toEqual([3]);
  });
});
