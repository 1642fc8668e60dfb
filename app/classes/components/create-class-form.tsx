"use client";
// The instructor's "new class" form: a name and the labs, chosen from the catalogue (the
// class keeps them in course order whatever order they are ticked in). Errors appear in a
// line reserved for them, so nothing below moves.
import { useActionState } from "react";
import { createClassAction, type CreateClassState } from "../actions";
import styles from "../classes.module.css";

export interface LabChoice {
  slug: string;
  title: string;
  difficulty: string;
  durationMinutes: number;
}

export function CreateClassForm({ labs }: { labs: LabChoice[] }) {
  const [state, action, pending] = useActionState<CreateClassState, FormData>(createClassAction, {
    error: null,
  });
  return (
    <form action={action} className={styles.createForm} aria-describedby="create-class-error">
      <label className={styles.field}>
        <span>Class name</span>
        <input name="name" required maxLength={100} placeholder="e.g. Networking 101, autumn" />
      </label>
      <fieldset className={styles.labChoices}>
        <legend>Labs, in course order</legend>
        {labs.map((lab) => (
          <label key={lab.slug} className={styles.labChoice}>
            <input type="checkbox" name="labs" value={lab.slug} />
            <span className={styles.labChoiceTitle}>{lab.title}</span>
            <span className={styles.labChoiceMeta}>
              <span className={styles.difficulty}>{lab.difficulty}</span> · {lab.durationMinutes}{" "}
              min
            </span>
          </label>
        ))}
      </fieldset>
      <p id="create-class-error" className={styles.error} role="alert">
        {state.error}
      </p>
      <button type="submit" className={styles.primary} disabled={pending}>
        {pending ? "Creating…" : "Create class"}
      </button>
    </form>
  );
}
