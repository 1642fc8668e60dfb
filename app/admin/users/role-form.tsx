"use client";
// One user's role: a labelled select and a Save button, with the outcome announced beside
// them in space reserved for it.
import { startTransition, useActionState, useState } from "react";
import { changeRole, type RoleFormState } from "./actions";
import styles from "./users.module.css";

const OPTIONS = [
  { value: "LEARNER", label: "Learner" },
  { value: "INSTRUCTOR", label: "Instructor" },
  { value: "ADMIN", label: "Admin" },
] as const;

interface Props {
  userId: string;
  userName: string;
  role: (typeof OPTIONS)[number]["value"];
}

export function RoleForm({ userId, userName, role }: Props) {
  // Controlled, and submitted without the form `action` prop: React resets a form after its
  // action, which would put the select back to the role the page was first rendered with.
  const [value, setValue] = useState<string>(role);
  const [state, action, pending] = useActionState<RoleFormState, FormData>(
    async (previous, form) => {
      const result = await changeRole(previous, form);
      // A refused change leaves the stored role in place; show that role again.
      if (!result.ok) setValue(role);
      return result;
    },
    { ok: true, message: null },
  );
  const selectId = `role-${userId}`;
  return (
    <form
      className={styles.roleForm}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => action(data));
      }}
    >
      <input type="hidden" name="userId" value={userId} />
      <label htmlFor={selectId} className={styles.srOnly}>
        Role of {userName}
      </label>
      <select
        id={selectId}
        name="role"
        value={value}
        onChange={(event) => setValue(event.target.value)}
        className={styles.select}
      >
        {OPTIONS.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <button type="submit" className={styles.save} disabled={pending}>
        {pending ? "Saving…" : "Save"}
      </button>
      <span
        className={state.ok ? styles.outcome : styles.outcomeError}
        role={state.ok ? "status" : "alert"}
      >
        {state.message}
      </span>
    </form>
  );
}
