/** Where `kxp up` keeps the local platform's state and logs, relative to the working directory. */
export const defaultUpDir = '.kxp/up';
