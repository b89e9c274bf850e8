// The AWS SDK clients the account features use, gathered in one module so the build can keep them out
// of activation (loaded on first sign-in, profile listing from the portal, or model listing).

export {
  SSOOIDCClient,
  RegisterClientCommand,
  StartDeviceAuthorizationCommand,
  CreateTokenCommand,
} from '@aws-sdk/client-sso-oidc';
export { SSOClient, ListAccountsCommand, ListAccountRolesCommand } from '@aws-sdk/client-sso';
export { BedrockClient, ListFoundationModelsCommand, ListInferenceProfilesCommand, GetInferenceProfileCommand } from '@aws-sdk/client-bedrock';
export { fromNodeProviderChain } from '@aws-sdk/credential-providers';
