/**
 * Fires an input's onChange with a value. The 0.17 testing types declare `trigger`'s
 * argument as the handler itself rather than its argument, so the value is cast once here.
 */
export function triggerChange(node: { trigger: (event: 'onChange', arg?: never) => void }, value: unknown): void {
  node.trigger('onChange', value as never);
}
