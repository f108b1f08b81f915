; Included by electron-builder's NSIS installer (electron-builder.yml: nsis.include).
; electron-builder registers the .torrent association itself, but `protocols` only reaches macOS
; and the Linux .desktop file: magnet: links are registered here, in the same hive (per-user
; install: HKCU). The Capabilities entry lists Peerwatch in Windows' Default apps for both, so a
; person can pick it where another app already has them.

!define PW_EXE "$INSTDIR\${APP_EXECUTABLE_FILENAME}"
!define PW_OPEN '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
!define PW_CAPABILITIES "Software\Peerwatch\Capabilities"
; The ProgID electron-builder gives .torrent: the fileAssociations name in electron-builder.yml.
!define PW_TORRENT_PROGID "BitTorrent file"

!macro customInstall
  WriteRegStr SHELL_CONTEXT "Software\Classes\magnet" "" "URL:Magnet link"
  WriteRegStr SHELL_CONTEXT "Software\Classes\magnet" "URL Protocol" ""
  WriteRegStr SHELL_CONTEXT "Software\Classes\magnet\DefaultIcon" "" "${PW_EXE},0"
  WriteRegStr SHELL_CONTEXT "Software\Classes\magnet\shell\open\command" "" '${PW_OPEN}'

  WriteRegStr SHELL_CONTEXT "Software\Classes\Peerwatch.magnet" "" "Magnet link"
  WriteRegStr SHELL_CONTEXT "Software\Classes\Peerwatch.magnet\DefaultIcon" "" "${PW_EXE},0"
  WriteRegStr SHELL_CONTEXT "Software\Classes\Peerwatch.magnet\shell\open\command" "" '${PW_OPEN}'
  WriteRegStr SHELL_CONTEXT "${PW_CAPABILITIES}" "ApplicationName" "Peerwatch"
  WriteRegStr SHELL_CONTEXT "${PW_CAPABILITIES}" "ApplicationDescription" "Watch films from BitTorrent while they download."
  WriteRegStr SHELL_CONTEXT "${PW_CAPABILITIES}\URLAssociations" "magnet" "Peerwatch.magnet"
  WriteRegStr SHELL_CONTEXT "${PW_CAPABILITIES}\FileAssociations" ".torrent" "${PW_TORRENT_PROGID}"
  WriteRegStr SHELL_CONTEXT "Software\RegisteredApplications" "Peerwatch" "${PW_CAPABILITIES}"
!macroend

!macro customUnInstall
  ; An update runs the old uninstaller first: keep everything registered through it.
  ${ifNot} ${isUpdated}
    ; Leave magnet: alone when another program has taken it over since.
    ReadRegStr $0 SHELL_CONTEXT "Software\Classes\magnet\shell\open\command" ""
    ${if} $0 == '${PW_OPEN}'
      DeleteRegKey SHELL_CONTEXT "Software\Classes\magnet"
    ${endIf}
    DeleteRegValue SHELL_CONTEXT "Software\RegisteredApplications" "Peerwatch"
    DeleteRegKey SHELL_CONTEXT "Software\Peerwatch"
    DeleteRegKey SHELL_CONTEXT "Software\Classes\Peerwatch.magnet"
  ${endIf}
!macroend
