/**
 * A page that fails to render shows what happened instead of a blank frame, and the menu stays usable: moving to
 * another page (a new `resetKey`) clears the error.
 */
import { Result } from "antd";
import { Component, type ReactNode } from "react";

interface Props {
  resetKey: string;
  title: string;
  children: ReactNode;
}

interface State {
  error?: Error;
  key: string;
}

export class PageErrorBoundary extends Component<Props, State> {
  override state: State = { key: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey === state.key ? null : { key: props.resetKey, error: undefined };
  }

  override render() {
    if (this.state.error) return <Result status="error" title={this.props.title} subTitle={this.state.error.message} />;
    return this.props.children;
  }
}
