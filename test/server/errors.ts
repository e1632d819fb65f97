// Errors the way GuardDuty sends them: HTTP status, `x-amzn-ErrorType` header and a JSON body with
// `message`, `__type` and (for the modeled exceptions) the `type` member. The SDK reads the error name from
// the header, so `err.name` is e.g. BadRequestException and `err.Type` is "InvalidInputException".

export const INVALID_VALUE =
  'The request is rejected because an invalid or out-of-range value is specified as an input parameter.';
export const NOT_OWNED = 'The request is rejected because the input detectorId is not owned by the current account.';
export const DETECTOR_EXISTS = 'The request is rejected because a detector already exists for the current account.';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
    /** The modeled `type` member (BadRequestException / InternalServerErrorException only). */
    readonly typeMember?: string,
  ) {
    super(message);
  }

  body(): Record<string, string> {
    const body: Record<string, string> = { message: this.message, __type: this.errorType };
    if (this.typeMember !== undefined) body.type = this.typeMember;
    return body;
  }
}

export function badRequest(message: string = INVALID_VALUE, type = 'InvalidInputException'): ApiError {
  return new ApiError(400, 'BadRequestException', message, type);
}

export function internalError(message = 'The request is rejected since an internal exception was encountered in the service.'): ApiError {
  return new ApiError(500, 'InternalServerErrorException', message, 'InternalException');
}

export function throttled(): ApiError {
  return new ApiError(429, 'ThrottlingException', 'Rate exceeded');
}

export function unknownOperation(method: string, path: string): ApiError {
  return new ApiError(
    404,
    'UnknownOperationException',
    `No GuardDuty operation matches ${method} ${path} (or the gdeks test server does not implement it).`,
  );
}
