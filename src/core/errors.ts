// Every error the core modules throw on untrusted input. Callers branch on the
// class (or its name, which survives structured cloning across workers).

export class InvalidGenesisError extends Error { static name = 'InvalidGenesisError'; name = 'InvalidGenesisError' }
export class RidMismatchError extends Error { static name = 'RidMismatchError'; name = 'RidMismatchError' }
export class WrongRepositoryError extends Error { static name = 'WrongRepositoryError'; name = 'WrongRepositoryError' }
export class InvalidRefsError extends Error { static name = 'InvalidRefsError'; name = 'InvalidRefsError' }
export class NotDelegateError extends Error { static name = 'NotDelegateError'; name = 'NotDelegateError' }
export class InvalidSignatureError extends Error { static name = 'InvalidSignatureError'; name = 'InvalidSignatureError' }
export class StaleSequenceError extends Error { static name = 'StaleSequenceError'; name = 'StaleSequenceError' }
export class InvalidBundleError extends Error { static name = 'InvalidBundleError'; name = 'InvalidBundleError' }
export class InvalidIdentityError extends Error { static name = 'InvalidIdentityError'; name = 'InvalidIdentityError' }
export class StaleIdentityError extends Error { static name = 'StaleIdentityError'; name = 'StaleIdentityError' }
