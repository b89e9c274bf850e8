// The AWS SDK lives in its own bundle (dist/sdk.js), required on the first request: activation never
// pays for parsing it. Only client.ts reaches it, through the loader it is given.

export { BedrockRuntimeClient, ConverseStreamCommand, CountTokensCommand } from '@aws-sdk/client-bedrock-runtime';
export { fromNodeProviderChain, fromProcess } from '@aws-sdk/credential-providers';
export * from '../aws/sdk';
