/**
 * The names one generated file declares. Class names and their Props and Manifest interfaces are
 * claimed exactly (two kinds that would share one are an error the user must hear about); names of
 * nested types, made from field paths, get a number when an earlier declaration took them.
 */

/** Names every generated file imports, so no declaration may take them. */
export const importedNames = ['ApiObject', 'ApiObjectMetadata', 'Construct', 'GroupVersionKind'] as const;

export class NameRegistry {
  private readonly owners = new Map<string, string>();

  constructor() {
    for (const name of importedNames) this.owners.set(name, `the import of ${name}`);
  }

  /** claimExact takes name for owner, or throws naming who has it. */
  claimExact(name: string, owner: string): string {
    const taken = this.owners.get(name);
    if (taken !== undefined) {
      throw new Error(`cannot name ${owner} ${name}: ${taken} has that name in the same file`);
    }
    this.owners.set(name, owner);
    return name;
  }

  /** claim returns name, or name followed by the first number from 2 that no declaration has taken yet. */
  claim(name: string, owner: string): string {
    let unique = name;
    for (let n = 2; this.owners.has(unique); n++) unique = `${name}${n}`;
    this.owners.set(unique, owner);
    return unique;
  }
}
