export interface Config {
  /** Frontend settings of the ytk portal plugin (the backend plugin declares the rest of `ytk`). */
  ytk?: {
    /**
     * Where the lint rule pages live (`<rulesBaseUrl>/<rule-id>.md`), e.g. the repository's
     * `docs/rules` on GitHub. Default `docs/rules`, relative to the page.
     * @visibility frontend
     */
    rulesBaseUrl?: string;
  };
}
