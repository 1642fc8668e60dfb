// Admins: every account and its role. Roles decide who teaches classes (instructor) and
// who manages the installation (admin); the last admin cannot be demoted.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/server/auth/current-user";
import { prisma } from "@/lib/server/db/prisma-client";
import { UserRoleRepository } from "@/lib/server/user-role-repository";
import { RoleForm } from "./role-form";
import styles from "./users.module.css";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const user = await requireUser("/admin/users");
  if (user.role !== "ADMIN") notFound();
  const users = await new UserRoleRepository(prisma()).list();
  const admins = users.filter((u) => u.role === "ADMIN").length;

  return (
    <main className={styles.page}>
      <h1>Users</h1>
      <p className={styles.intro}>
        {users.length} {users.length === 1 ? "account" : "accounts"} · {admins}{" "}
        {admins === 1 ? "admin" : "admins"}. Instructors create classes and see their learners&apos;
        progress; admins also manage roles. The last admin cannot be demoted.
      </p>
      <div className={styles.tableWrap}>
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Joined</th>
              <th scope="col">Role</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-email={u.email}>
                <th scope="row">
                  {u.name}
                  {u.id === user.id && <span className={styles.you}>you</span>}
                </th>
                <td className={styles.email}>{u.email}</td>
                <td className={styles.date}>
                  {u.createdAt.toLocaleDateString("en-GB", { dateStyle: "medium" })}
                </td>
                <td>
                  <RoleForm userId={u.id} userName={u.name} role={u.role} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}
