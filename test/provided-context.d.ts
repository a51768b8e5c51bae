declare module 'vitest' {
  export interface ProvidedContext {
    /** The Node webhook receiver started by test/global-setup.ts. */
    receiverUrl: string;
  }
}
export {};
