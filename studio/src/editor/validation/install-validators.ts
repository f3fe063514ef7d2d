import { byRef } from 'virtual:iapm-validators';
import { providePrecompiledValidators } from '@iapm/schemas';

// The server's Content-Security-Policy forbids generating code in the page: the schemas' validators are
// compiled when the studio is built (studio/build/precompile-validators.ts) and handed over here, before
// any check runs.
providePrecompiledValidators(byRef);
