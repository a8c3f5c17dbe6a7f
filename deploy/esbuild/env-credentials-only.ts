/**
 * Bundled in place of @aws-sdk/credential-provider-node (see custom.esbuild.alias in serverless.yml; it lives under deploy/ because it is bundler configuration, not code the functions call).
 * Lambda hands a function its role's credentials only through environment variables, and
 * `serverless invoke local` sets the same variables; the default chain's SSO, INI, process, IMDS
 * and web-identity providers can never run there, yet they would make up a third of the bundle.
 */
export { fromEnv as defaultProvider } from '@aws-sdk/credential-provider-env';
