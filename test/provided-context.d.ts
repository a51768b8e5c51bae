declare module 'vitest' {
  export interface ProvidedContext {
    /** The Node webhook receiver started by test/global-setup.ts. */
    receiverUrl: string;
    /** Signs billing webhooks with the providers' own code (test/integrations/signer.ts). */
    signerUrl: string;
  }
}
export {};
