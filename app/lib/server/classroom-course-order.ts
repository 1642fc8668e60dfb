// The order in which a class's labs are taken: the catalogue's, which follows the course
// (labs/course.yaml). A lab the catalogue no longer has goes last, so a class made before
// it was removed still lists it.

/** `slugs` in course order, without duplicates; `catalogue` is every lab's slug, as listed. */
export function inCourseOrder<T extends string>(
  slugs: readonly T[],
  catalogue: readonly string[],
): T[] {
  const rank = (slug: string) => {
    const listed = catalogue.indexOf(slug);
    return listed >= 0 ? listed : catalogue.length;
  };
  return [...new Set(slugs)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
