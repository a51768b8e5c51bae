import { Component, type ComponentChildren } from 'preact';

interface State {
  error: Error | null;
}

/** A page that throws while rendering shows this instead of a blank screen; the rest of the shell keeps working. */
export class ErrorBoundary extends Component<{ children: ComponentChildren }, State> {
  override state: State = { error: null };

  override componentDidCatch(error: Error) {
    console.error(error);
    this.setState({ error });
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div class="empty" role="alert">
        <strong>This page failed to render</strong>
        <p>{this.state.error.message}</p>
        <button type="button" onClick={() => location.reload()}>
          Reload
        </button>
      </div>
    );
  }
}
