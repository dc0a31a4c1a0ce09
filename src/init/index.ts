/**
 * kxp init: new projects outside the kxp repository, made from the templates shipped in the kxp
 * package. Importing it has no side effects; src/cli/init.ts is the command.
 */
export {
  type FunctionProjectOptions,
  functionProject,
  type InitResult,
  initFunctionProject,
} from './function-project.js';
export { defaultInputGroup, functionNameProblem, groupProblem, nameFromDir } from './names.js';
export { functionPackageJson, type KxpPackage, kxpPackageFile, readKxpPackage } from './package-json.js';
export { type ProjectFile, readTemplates, renderTemplate, templatesDir } from './templates.js';
