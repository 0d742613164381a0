// Values shared by the test server (global setup) and the specs.

export const E2E_PORT = Number(process.env.E2E_PORT ?? 8310)
export const BASE_URL = `http://127.0.0.1:${E2E_PORT}`

/** The test server signs tokens with this, so specs can mint expired ones. */
export const E2E_JWT_SECRET = 'e2e-only-signing-secret-not-used-anywhere-else-0123456789'

export const PASSWORD = 'violet-harbor-tangent-42'
