interface NoticeProps {
  message: { kind: 'ok' | 'error'; text: string } | null;
}

/** The outcome of an action, announced to screen readers. */
export function Notice({ message }: NoticeProps) {
  if (!message) return null;
  return (
    <p class={`notice ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
      {message.text}
    </p>
  );
}
